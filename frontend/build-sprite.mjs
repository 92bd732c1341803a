// Builds static/vendor/bootstrap-icons/icons.svg (one small SVG sprite) from the npm package.
// Run from a throw-away folder that has `npm install bootstrap-icons@<version in package.json>`:
//   node /path/to/lamtheo/frontend/build-sprite.mjs node_modules/bootstrap-icons /path/to/lamtheo
// Add an icon: append its name to "icons" in package.json, run again, commit the sprite.
import { readFileSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [pkgDir, repo = join(dirname(fileURLToPath(import.meta.url)), "..")] = process.argv.slice(2);
if (!pkgDir) throw new Error("usage: node build-sprite.mjs <node_modules/bootstrap-icons> [repo]");
const { icons } = JSON.parse(readFileSync(join(repo, "frontend", "package.json"), "utf8")).lamtheo;
const version = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version;
const symbols = icons.map((name) => {
  const svg = readFileSync(join(pkgDir, "icons", `${name}.svg`), "utf8");
  const viewBox = svg.match(/viewBox="([^"]+)"/)[1];
  const body = svg.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "").replace(/\s*\n\s*/g, "");
  return `<symbol id="${name}" viewBox="${viewBox}">${body}</symbol>`;
});
const out = join(repo, "static", "vendor", "bootstrap-icons");
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, "icons.svg"),
  `<svg xmlns="http://www.w3.org/2000/svg"><!-- Bootstrap Icons ${version} (MIT), see LICENSE -->\n` +
    symbols.join("\n") + "\n</svg>\n",
);
copyFileSync(join(pkgDir, "LICENSE"), join(out, "LICENSE"));
console.log(`${icons.length} icons from bootstrap-icons ${version} -> ${out}/icons.svg`);
