export default definePageConfig({ navigationBarTitleText: '处理待办', enablePullDownRefresh: true });
