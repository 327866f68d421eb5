import type { Action } from '../action';
import { whoami } from './whoami';
import { cardResolve, cardQrcode, cardMine } from './card';
import { householdBrowse, householdConfirm } from './household';
import { submit } from './submit';
import { mine, detail, inbox } from './queries';
import { accept, start, resolve, reject, rate } from './commands';
import { adminScope, householdSave, orgChildren, orgRemove, orgSave } from './admin/org';
import { peopleList, personSave, setAway, setBackup } from './admin/people';
import { assignOverview, assignSet } from './admin/assign';
import { inviteAccept, inviteCreate, inviteList, inviteRevoke } from './admin/invite';
import { cardPdf, cardReissue } from './admin/cards';
import { departmentSave, departmentsList, workGroupSave, workGroupsList } from './admin/registry';
import { jobStatus, sheetExport, sheetImport, sheetTemplate } from './admin/sheets';

export const actions: Action<any, any>[] = [
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
  accept,
  start,
  resolve,
  reject,
  rate,
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
];
