export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/card/index',
    'pages/household/index',
    'pages/submit/index',
    'pages/items/index',
    'pages/item/index',
    'pages/login/index',
    'pages/invite/index',
  ],
  subPackages: [
    { root: 'packages/cadre', pages: ['inbox/index', 'handle/index', 'card/index'] },
    {
      root: 'packages/admin',
      pages: [
        'index/index',
        'org/index',
        'people/index',
        'person/index',
        'assign/index',
        'cards/index',
        'import/index',
        'groups/index',
        'departments/index',
        'settings/index',
      ],
    },
  ],
  // Cadres land on home first; fetch their package while they read it.
  preloadRule: { 'pages/index/index': { network: 'all', packages: ['packages/cadre'] } },
  window: {
    navigationBarTitleText: '网格连心',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f5',
    backgroundTextStyle: 'dark',
  },
  sitemapLocation: 'sitemap.json',
});
