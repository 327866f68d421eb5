import { defineConfig } from '@tarojs/cli';
import path from 'node:path';

/**
 * Deployment settings compiled into the app (scripts/deploy.mjs sets them; unset in local builds):
 * the cloud environment `Taro.cloud.init` selects (WX_CLOUD_ENV) and the subscription template ids
 * (WX_TPL_<placeholder>, see src/core/notify/templates.ts). H5 talks to the emulator and ignores both.
 */
function deploymentConstants() {
  const ids: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('WX_TPL_') && v) ids[k.slice(3)] = v;
  return {
    GRIDLINK_CLOUD_ENV: JSON.stringify(process.env.WX_CLOUD_ENV ?? ''),
    GRIDLINK_TEMPLATE_IDS: Object.keys(ids).length ? JSON.stringify(ids) : 'undefined',
  };
}

// One config for both targets; weapp and H5 get separate outputRoots because Taro empties its output folder.
export default defineConfig<'webpack5'>(async (merge, { command, mode }) => {
  const isH5 = process.env.TARO_ENV === 'h5';
  const base = {
    projectName: 'gridlink',
    date: '2026-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'miniprogram',
    plugins: [],
    defineConstants: deploymentConstants(),
    alias: { '@core': path.resolve(__dirname, '..', 'src/core') },
    copy: {
      patterns: isH5 ? [] : [{ from: 'config/sitemap.json', to: 'miniprogram/sitemap.json' }],
      options: {},
    },
    framework: 'react' as const,
    compiler: { type: 'webpack5' as const, prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' as const },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  void command;
  void mode;
  return merge({}, base);
});
