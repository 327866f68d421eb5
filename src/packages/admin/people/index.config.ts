export default definePageConfig({ navigationBarTitleText: '人员与角色', enablePullDownRefresh: true });
