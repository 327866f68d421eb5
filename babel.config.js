// Taro's preset compiles React + TypeScript for both weapp and H5.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
