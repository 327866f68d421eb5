import type { Action } from '../action';
import { whoami } from './whoami';
import { cardResolve, cardQrcode, cardMine } from './card';
import { householdBrowse, householdConfirm } from './household';
import { submit } from './submit';
import { mine, detail, inbox } from './queries';
import { accept } from './item/accept';
import { appeal } from './item/appeal';
import { appealReview } from './item/appealReview';
import { escalate } from './item/escalate';
import { meet } from './item/meet';
import { onBehalf } from './item/onBehalf';
import { pause } from './item/pause';
import { pauseReview } from './item/pauseReview';
import { rate } from './item/rate';
import { reject } from './item/reject';
import { report } from './item/report';
import { resolve } from './item/resolve';
import { resume } from './item/resume';
import { returnItem } from './item/returnItem';
import { start } from './item/start';
import { transfer } from './item/transfer';
import { verify } from './item/verify';
import { whistle } from './item/whistle';
import { withdraw } from './item/withdraw';
import { targets } from './item/targets';
import { board } from './dispatch/board';
import { adminScope, householdSave, orgChildren, orgRemove, orgSave } from './admin/org';
import { peopleList, personSave, setAway, setBackup } from './admin/people';
import { assignOverview, assignSet } from './admin/assign';
import { inviteAccept, inviteCreate, inviteList, inviteRevoke } from './admin/invite';
import { cardPdf, cardReissue } from './admin/cards';
import { departmentSave, departmentsList, workGroupSave, workGroupsList } from './admin/registry';
import { jobResume, jobStatus, sheetExport, sheetImport, sheetTemplate } from './admin/sheets';
import { settingsGet } from './admin/settingsGet';
import { settingsSave } from './admin/settingsSave';
import { subscriptionReport, subscriptionStatus } from './notify/subscription';
import { messageList, messageRead } from './notify/messages';
import { deadLetters } from './notify/deadLetters';
import { ping } from './notify/ping';
import { statsOverview } from './stats/overview';
import { statsDrill } from './stats/drill';
import { statsExport } from './stats/export';
import { statsJob } from './stats/job';
// 回音壁, 书记领办, 五考 (issue 9 items 5–7)
import { echoWallList } from './echoWall/list';
import { echoWallReview } from './echoWall/review';
import { echoWallModerate } from './echoWall/moderate';
import { itemLead } from './item/lead';
import { leadList } from './lead/list';
import { assessmentList } from './assessment/list';
import { assessmentExport } from './assessment/export';
import { assessmentRate } from './assessment/rate';
import { assessmentMine } from './assessment/mine';
// Privacy (issue 11 point 5): the audit log, 个人信息查阅/删除
import { auditList } from './audit/list';
import { privacyMine } from './privacy/mine';
import { privacyErase } from './privacy/erase';
import { cadreHouseholds } from './cadre/households';

export const actions: Action<any, any>[] = [
  // Notifications (issue 8): the subscription ledger, 消息中心, dead letters.
  subscriptionReport,
  subscriptionStatus,
  messageList,
  messageRead,
  deadLetters,
  ping,
  whoami,
  cardResolve,
  cardQrcode,
  cardMine,
  householdBrowse,
  householdConfirm,
  submit,
  mine,
  detail,
  inbox,
  verify,
  accept,
  reject,
  transfer,
  escalate,
  whistle,
  report,
  meet,
  returnItem,
  start,
  resolve,
  rate,
  pause,
  pauseReview,
  resume,
  withdraw,
  appeal,
  appealReview,
  onBehalf,
  targets,
  board,
  adminScope,
  orgChildren,
  orgSave,
  orgRemove,
  householdSave,
  peopleList,
  personSave,
  setBackup,
  setAway,
  assignOverview,
  assignSet,
  inviteCreate,
  inviteRevoke,
  inviteList,
  inviteAccept,
  cardReissue,
  cardPdf,
  departmentsList,
  departmentSave,
  workGroupsList,
  workGroupSave,
  sheetImport,
  sheetExport,
  sheetTemplate,
  jobStatus,
  jobResume,
  settingsGet,
  settingsSave,
  statsOverview,
  statsDrill,
  statsExport,
  statsJob,
  echoWallList,
  echoWallReview,
  echoWallModerate,
  itemLead,
  leadList,
  assessmentList,
  assessmentExport,
  assessmentRate,
  assessmentMine,
  auditList,
  cadreHouseholds,
  privacyMine,
  privacyErase,
];
