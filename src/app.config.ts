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
    'pages/messages/index',
    'pages/privacy/index',
  ],
  subPackages: [
    { root: 'packages/cadre', pages: ['inbox/index', 'handle/index', 'card/index', 'onbehalf/index'] },
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
        'board/index',
        'stats/index',
        'deadletters/index',
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
  // Inject only the components a page uses (checkCodeQuality LAZYCODE_LOADING_OPEN; e2e/weapp.test.ts).
  lazyCodeLoading: 'requiredComponents',
  // Privacy APIs (chooseMedia, chooseMessageFile, setClipboardData) wait for consent to the
  // 用户隐私保护指引 declared in the MP console (text: npm run privacy-guide); WeChat shows its own dialog.
  __usePrivacyCheck__: true,
});
