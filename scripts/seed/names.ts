// Name pools for the demo community. Data is Chinese; nothing here is a real person or phone number.

/** Common surnames, roughly by frequency (the generator favours the front of the list). */
export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭',
  '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '程', '曹', '袁', '邓', '许', '沈', '曾',
  '彭', '吕', '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎', '潘', '杜', '姜', '范', '石', '姚',
  '崔', '孟', '金', '白', '隋', '关', '庞', '尹', '付', '谷', '常', '侯', '邵', '武', '秦', '鲁',
];

/** Given-name characters; one or two are drawn per name. */
export const GIVEN_CHARS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀',
  '霞', '平', '刚', '桂', '英', '华', '玉', '兰', '红', '建', '国', '志', '文', '海', '波', '宇', '鹏', '辉',
  '春', '梅', '凤', '琴', '亮', '成', '林', '德', '振', '东', '雪', '晶', '丹', '岩', '松', '峰', '立', '忠',
  '淑', '珍', '慧', '婷', '颖', '欣', '浩', '博', '佳', '宏', '长', '金', '福', '喜', '永', '清', '树', '山',
];

/** 机关企事业单位 that send cadres (包保干部) to the grids, as in 蛟河's "30比1" work groups. */
export const WORK_UNITS = [
  '蛟河市教育局', '蛟河市自然资源局', '蛟河市财政局', '蛟河市民政局', '蛟河市住房和城乡建设局',
  '蛟河市卫生健康局', '蛟河市人力资源和社会保障局', '蛟河市交通运输局', '蛟河市水利局', '蛟河市农业农村局',
  '蛟河市市场监督管理局', '蛟河市文化广播电视和旅游局', '蛟河市统计局', '蛟河市审计局', '蛟河市应急管理局',
  '蛟河市司法局', '蛟河市退役军人事务局', '蛟河市医疗保障局', '蛟河市林业局', '蛟河市商务局',
  '中共蛟河市委组织部', '中共蛟河市委宣传部', '蛟河市政务服务和数字化建设管理局', '蛟河市供销合作社',
];

export const CADRE_TITLES = ['科员', '一级科员', '副科长', '科长', '四级主任科员', '三级主任科员', '办事员', '副主任'];

/** Street (街道), its communities (社区) and the 小区 or institution each grid covers. */
export const STREET_NAME = '河南街道';
export const STREET_OFFICE = '蛟河市河南街道办事处';

export interface GridSpec {
  estate: string;
  /** 专属网格: an institution's housing compound, smaller than an urban grid. */
  special?: boolean;
}

export const COMMUNITIES: { name: string; grids: GridSpec[] }[] = [
  { name: '拉法社区', grids: [{ estate: '松江花园' }, { estate: '拉法新村' }, { estate: '天岗家园' }, { estate: '新华小区' }] },
  { name: '长安社区', grids: [{ estate: '长安花园' }, { estate: '南山丽景' }, { estate: '林业局家属院', special: true }] },
];

export const GRID_ORDINALS = ['第一网格', '第二网格', '第三网格', '第四网格', '第五网格', '第六网格'];

/** 职能部门 registered for the street, each with one staff member in the demo. */
export const DEPARTMENTS = [
  { code: 'CG', name: '城管执法中队', kind: '城管', title: '中队长', phone: '0432-65101201' },
  { code: 'SJ', name: '市场监管所', kind: '市场监管', title: '所长', phone: '0432-65101202' },
  { code: 'ZJ', name: '住建（物业）办', kind: '住建', title: '主任', phone: '0432-65101203' },
  { code: 'PCS', name: '派出所', kind: '公安', title: '社区民警', phone: '0432-65101204' },
] as const;
