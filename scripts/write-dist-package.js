// ncc emits an ES module; dist/package.json tells Node to load dist/index.js as one.
import { writeFileSync } from 'node:fs'

const outDir = process.argv[2] ?? 'dist'
writeFileSync(`${outDir}/package.json`, `${JSON.stringify({ type: 'module' }, null, 2)}\n`)
