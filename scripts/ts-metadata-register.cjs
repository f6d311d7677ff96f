/**
 * A CommonJS require hook that compiles TypeScript with the repository's tsconfig, decorator
 * metadata included (`node -r ./scripts/ts-metadata-register.cjs file.ts`). tsx (esbuild) emits no
 * `design:paramtypes`, and Nest's OpenAPI explorer reads route parameters and DTO types from them:
 * a document rendered under tsx would differ from the one the built gateway serves.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
const compilerOptions = { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true };

// The `@delineo/<lib>` aliases of tsconfig paths (jest maps them the same way).
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@delineo\/([a-z-]+)$/.exec(request);
  return resolve.call(this, m ? path.join(root, 'libs', m[1], 'src') : request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
