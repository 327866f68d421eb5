export default definePageConfig({ navigationBarTitleText: '工作组' });
