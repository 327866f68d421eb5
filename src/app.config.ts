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
    'pages/mydata/index', // 我的个人信息: 查阅/删除 (privacy)
    'pages/echo/index', // 回音壁: public, no sign-in
    'pages/notfound/index', // unknown paths land here (App's usePageNotFound)
  ],
  subPackages: [
    { root: 'packages/cadre', pages: ['inbox/index', 'handle/index', 'card/index', 'onbehalf/index', 'households/index'] },
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
        'echo/index', // 回音壁审核
        'lead/index', // 书记领办
        'assessment/index', // 五考排名
        'audit/index', // 审计日志 (privacy)
      ],
    },
  ],
  // Cadres land on home first; fetch their package while they read it.
  preloadRule: { 'pages/index/index': { network: 'all', packages: ['packages/cadre'] } },
  window: {
    navigationBarTitleText: '网格连心',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTextStyle: 'white',
    // weapp's own default; on H5 it turns on Taro's navigation bar (back, home), which the app.css styles.
    navigationStyle: 'default',
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
