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
import { jobStatus, sheetExport, sheetImport, sheetTemplate } from './admin/sheets';
import { settingsGet } from './admin/settingsGet';
import { settingsSave } from './admin/settingsSave';
import { subscriptionReport, subscriptionStatus } from './notify/subscription';
import { messageList, messageRead } from './notify/messages';
import { deadLetters } from './notify/deadLetters';
import { statsSummary } from './stats/summary';

export const actions: Action<any, any>[] = [
  // Notifications (issue 8): the subscription ledger, 消息中心, dead letters.
  subscriptionReport,
  subscriptionStatus,
  messageList,
  messageRead,
  deadLetters,
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
  settingsGet,
  settingsSave,
  statsSummary,
];
