export default defineAppConfig({
  pages: ['pages/index/index'],
  window: { navigationBarTitleText: '网格连心', navigationBarBackgroundColor: '#c8161d', navigationBarTextStyle: 'white', backgroundColor: '#f5f5f5' },
});
