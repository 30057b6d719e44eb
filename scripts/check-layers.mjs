#!/usr/bin/env node
// check-layers: fails when a file of src/ includes a module it may not, given the layer order declared
// in src/LAYERS, or includes another folder's store. Run by ctest (`layers`) and by hand:
//   node scripts/check-layers.mjs [SRC_DIR]        (default: src/ next to this script)
// Prints one line per violation (file:line: what and why) and exits 1 when there is any.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.resolve(process.argv[2] ?? path.join(here, '..', 'src'));

// ---- src/LAYERS ------------------------------------------------------------------------------
// A layer a line, lowest first. An entry is a folder (`org`), files of a folder by their name without
// extension joined by `+` (`auth/model+scope+scope_sql`), or one file with its extension (`web/app.cpp`,
// `main.cpp`). `allow FILE -> UNIT  # why` lines list the includes still waiting to be removed.
function readLayers(file) {
    const units = [];  // {name, layer, folder, stems: Set|null, file: string|null}
    const allows = [];  // {file, unit, line, used}
    let layer = 0;
    fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
        const line = raw.replace(/#.*/, '').trim();
        if (!line) return;
        const allow = line.match(/^allow\s+(\S+)\s*->\s*(\S+)$/);
        if (allow) {
            allows.push({ file: allow[1], unit: allow[2], line: i + 1, used: false });
            return;
        }
        for (const entry of line.split(/\s+/)) {
            const slash = entry.indexOf('/');
            if (slash < 0 && /\.(h|cpp)$/.test(entry)) units.push({ name: entry, layer, folder: '', stems: null, file: entry });
            else if (slash < 0) units.push({ name: entry, layer, folder: entry, stems: null, file: null });
            else if (/\.(h|cpp)$/.test(entry)) units.push({ name: entry, layer, folder: entry.slice(0, slash), stems: null, file: entry });
            else {
                const folder = entry.slice(0, slash);
                units.push({ name: entry, layer, folder, stems: new Set(entry.slice(slash + 1).split('+')), file: null });
            }
        }
        layer++;
    });
    return { units, allows };
}

// The unit a path of src/ ("org/service.h") belongs to: an exact file, else a stem list, else the folder.
function unitOf(units, rel) {
    const folder = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '';
    const base = path.basename(rel);
    const stem = base.replace(/\.(h|cpp)$/, '').replace(/_test$/, '');
    return (
        units.find((u) => u.file === rel) ??
        units.find((u) => u.stems && u.folder === folder && u.stems.has(stem) && !base.endsWith('_test.cpp')) ??
        units.find((u) => !u.file && !u.stems && u.folder === folder)
    );
}

function walk(dir, out = []) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, out);
        else if (/\.(h|cpp)$/.test(e.name)) out.push(p);
    }
    return out;
}

const { units, allows } = readLayers(path.join(srcDir, 'LAYERS'));
const problems = [];
const isStore = (rel) => /(^|_)store\.h$/.test(path.basename(rel));

for (const abs of walk(srcDir).sort()) {
    const rel = path.relative(srcDir, abs).split(path.sep).join('/');
    const from = unitOf(units, rel);
    if (!from) {
        problems.push(`${rel}: in no unit of src/LAYERS (add its folder to a layer)`);
        continue;
    }
    const isTest = rel.endsWith('_test.cpp');
    const folder = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '';
    fs.readFileSync(abs, 'utf8').split('\n').forEach((text, i) => {
        const m = text.match(/^\s*#\s*include\s+"([^"]+)"/);
        if (!m || !m[1].includes('/')) return;
        const inc = m[1];
        if (!fs.existsSync(path.join(srcDir, inc))) return;  // generated or outside src/
        const to = unitOf(units, inc);
        const where = `${rel}:${i + 1}`;
        const allowed = allows.find((a) => a.file === rel && (a.unit === to?.name || a.unit === inc));
        if (!to) {
            problems.push(`${where}: includes "${inc}", in no unit of src/LAYERS`);
            return;
        }
        const incFolder = inc.slice(0, inc.indexOf('/'));
        if (isStore(inc) && incFolder !== folder) {
            if (allowed) allowed.used = true;
            else problems.push(`${where}: includes "${inc}": another module's store; read through its service`);
            return;
        }
        if (to === from || to.layer < from.layer) return;
        if (isTest && to.name === 'testing') return;
        if (allowed) {
            allowed.used = true;
            return;
        }
        const how = to.layer === from.layer ? 'on the same layer' : 'on a higher layer';
        problems.push(`${where}: ${from.name} includes "${inc}" (${to.name}, ${how}): see src/LAYERS`);
    });
}
for (const a of allows)
    if (!a.used) problems.push(`LAYERS:${a.line}: "allow ${a.file} -> ${a.unit}" is not needed any more: remove it`);

for (const p of problems) console.log(p);
if (problems.length) {
    console.log(`${problems.length} include(s) against src/LAYERS`);
    process.exit(1);
}
console.log(`layers: ${units.length} units, every include points down`);
