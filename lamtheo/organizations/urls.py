from django.urls import path

from .views import accounts, audit, people, transfer, tree

app_name = "organizations"
urlpatterns = [
    path("", tree.tree, name="tree"),
    path("<int:pk>/", tree.detail, name="detail"),
    path("<int:pk>/children/", tree.children, name="children"),
    path("<int:pk>/edit/", tree.edit, name="edit"),
    path("<int:pk>/move/", tree.move, name="move"),
    path("<int:pk>/end/", tree.end, name="end"),
    path("<int:pk>/add/", tree.add_child, name="add_child"),
    path("people/", people.people, name="people"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/edit/", people.edit, name="person_edit"),
    path("people/<int:pk>/transfer/", people.transfer, name="person_transfer"),
    path("<int:pk>/people/add/", people.add, name="person_add"),
    path("import/", transfer.import_page, name="import"),
    path("import/template/<str:kind>/", transfer.template, name="import_template"),
    path("export/<int:pk>/", transfer.export, name="export"),
    path("accounts/", accounts.accounts, name="accounts"),
    path("accounts/new/", accounts.create, name="account_create"),
    path("accounts/<int:pk>/", accounts.detail, name="account"),
    path("accounts/<int:pk>/reset/", accounts.reset_password, name="account_reset"),
    path("accounts/<int:pk>/roles/", accounts.add_role, name="account_role_add"),
    path("accounts/<int:pk>/roles/<int:role_pk>/end/", accounts.end_role, name="account_role_end"),
    path("audit/", audit.audit, name="audit"),
]
