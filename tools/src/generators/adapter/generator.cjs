// Nx loads generator factories with require() and can only compile TypeScript through
// @swc-node/register or ts-node, which this workspace does not install; tsx (installed) loads the
// TypeScript generator instead, so the generator is written, typechecked and tested as TypeScript.
const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = tsxRequire('./generator.ts', __filename);
