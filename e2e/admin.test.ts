import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, inject, it } from 'vitest';
import { COLUMNS } from '../src/core/importing/columns';
import { q, shot, SHOTS, site, usePhones } from './browser';
import { demoFacts } from './demoFacts';

const base = inject('baseUrl');
const { open, signIn } = site(base);
const facts = demoFacts();
const adminPersona = facts.data.personas.find((p) => facts.data.people.find((x) => x.openid === p.openid)?.roles.some((r) => r.role === 'communityAdmin'))!;
const adminPerson = facts.data.people.find((x) => x.openid === adminPersona.openid)!;
const community = adminPerson.roles.find((r) => r.role === 'communityAdmin')!.nodeId;
const GRID = `${community}-90`;
const BUILDING = `${GRID}-01`;
const UNIT = `${BUILDING}-1`;
const ROOMS = ['101', '102', '201', '202', '301', '302', '401', '402', '501', '502', '601', '602'];
const CADRE = { name: '林晓梅', phone: '13643210987', unit: '蛟河市住房和城乡建设局', title: '副科长' };

let admin: Page;
let newCadre: Page;
let resident: Page;
let inviteCode = '';
let cardUrl = '';

// Taro H5 keeps earlier pages of the stack in the DOM, hidden: locators ask for :visible.
async function fill(page: Page, sel: string, value: string) {
  await q(page, `${sel} input`).fill(value);
}

async function addNode(id: string, name: string, gridType?: string) {
  // The page prefills the parent's code; wait for it as a person would, then type the full code.
  const parent = id.slice(0, id.lastIndexOf('-'));
  await expect.poll(() => q(admin, '.org-add-id input').inputValue(), { timeout: 15_000 }).toBe(`${parent}-`);
  await fill(admin, '.org-add-id', id);
  await expect.poll(() => q(admin, '.org-add-id input').inputValue()).toBe(id);
  await fill(admin, '.org-add-name', name);
  if (gridType) await q(admin, '.org-gridtype-chip', gridType).click();
  await q(admin, '.org-add-btn').click();
  await expect.poll(() => admin.locator(`.org-row[data-id="${id}"]:visible`).count(), { timeout: 15_000 }).toBe(1);
}

/** Fills the downloaded template the way an office would: keep the header, replace the example row. */
async function fillTemplate(template: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  expect((ws.getRow(1).values as string[]).slice(1)).toEqual(COLUMNS.households.map((c) => c.header));
  ws.spliceRows(2, ws.rowCount - 1);
  // A sensitive tag (独居老人) goes in with its consent note: 标签同意人, 标签同意日期, 标签用途.
  for (const room of ROOMS) ws.addRow([`${UNIT}-0${room}`, UNIT, room, 2, ...(room === '101' ? ['独居老人', '', '王大爷本人', '2026-11-01', '独居老人关怀走访'] : ['', ''])]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('a community admin runs the structure, the people and the cards', () => {
  usePhones('admin', ['admin', 'cadre', 'resident'], (p) => ({ admin, cadre: newCadre, resident } = p));

  it('signs in and creates a grid, a building and a unit', async () => {
    await signIn(admin, adminPersona.label);
    await q(admin, '.entry-admin').click();
    await q(admin, '.admin-tile-org').click();
    await q(admin, `.org-row[data-id="${community}"]`).click();
    await addNode(GRID, '测试网格', '城市');
    await q(admin, `.org-row[data-id="${GRID}"]`).click();
    await addNode(BUILDING, '1栋');
    await q(admin, `.org-row[data-id="${BUILDING}"]`).click();
    await addNode(UNIT, '1单元');
    await shot(admin, 'admin-01-org');
  });

  it('downloads the households template, fills it and imports it, with a result', async () => {
    await open(admin, 'packages/admin/import/index');
    await q(admin, '.import-kind-chip[data-value="households"]').click();
    await q(admin, '.import-format-chip', 'xlsx').click();
    const download = admin.waitForEvent('download', { timeout: 30_000 });
    await q(admin, '.template-btn').click();
    const templatePath = path.join(mkdtempSync(path.join(tmpdir(), 'gridlink-tpl-')), 'template.xlsx');
    await (await download).saveAs(templatePath);
    const file = path.join(path.dirname(templatePath), '住户.xlsx');
    writeFileSync(file, await fillTemplate(readFileSync(templatePath)));
    const chooser = admin.waitForEvent('filechooser');
    await q(admin, '.import-btn').click();
    await (await chooser).setFiles(file);
    await expect.poll(() => q(admin, '.import-result').textContent(), { timeout: 30_000 }).toContain(`新增 ${ROOMS.length}`);
    await shot(admin, 'admin-02-import');
  });

  it('creates a cadre and issues an invite that binds a second phone to them', async () => {
    await open(admin, `packages/admin/person/index?gridId=${GRID}`);
    await fill(admin, '.person-name-input', CADRE.name);
    await fill(admin, '.person-phone-input', CADRE.phone);
    await fill(admin, '.person-unit-input', CADRE.unit);
    await fill(admin, '.person-title-input', CADRE.title);
    const grid = q(admin, '.person-grid-input input');
    if (!(await grid.inputValue())) await grid.fill(GRID);
    await q(admin, '.person-role-chip', '包保干部').click();
    await q(admin, '.person-save-btn').click();
    await expect.poll(() => admin.locator('.invite-create-btn:visible').count(), { timeout: 15_000 }).toBe(1);
    await q(admin, '.invite-create-btn').click();
    await expect.poll(async () => (await q(admin, '.invite-code').textContent())?.trim() ?? '', { timeout: 15_000 }).toMatch(/[A-Z0-9]{8}/);
    inviteCode = /[A-Z0-9]{8}/.exec((await q(admin, '.invite-code').textContent()) ?? '')![0];
    await shot(admin, 'admin-03-invite');

    await newCadre.goto(`${base}/#/pages/invite/index?scene=${inviteCode}`);
    await q(newCadre, '.invite-accept-btn').click();
    await expect.poll(() => q(newCadre, '.invite-result').textContent(), { timeout: 15_000 }).toContain(CADRE.name);
    await shot(newCadre, 'admin-04-invite-accepted');
    // Used once: a third phone cannot use it again.
    await resident.goto(`${base}/#/pages/invite/index?scene=${inviteCode}`);
    await q(resident, '.invite-accept-btn').click();
    await expect.poll(() => q(resident, '.error-box').textContent(), { timeout: 15_000 }).toContain('已被使用');
  });

  it('assigns the new building’s households to the cadre', async () => {
    await open(admin, `packages/admin/assign/index?gridId=${GRID}`);
    await q(admin, '.assign-cadre-chip', CADRE.name).click();
    await q(admin, '.assign-node-row', '1栋').click();
    await q(admin, '.assign-btn').click();
    await expect.poll(() => q(admin, '.assign-result').textContent(), { timeout: 15_000 }).toContain(`${ROOMS.length}`);
    await shot(admin, 'admin-05-assign');
  });

  it('registers a department and forms a work group around the new cadre', async () => {
    await open(admin, 'packages/admin/departments/index');
    await expect.poll(() => q(admin, '.dept-id-input input').inputValue(), { timeout: 15_000 }).toBe(`${community}-`);
    await fill(admin, '.dept-id-input', `${community}-CG`);
    await fill(admin, '.dept-name-input', '蛟河市城市管理局拉法中队');
    await q(admin, '.dept-kind-chip', '城管').click();
    await q(admin, '.dept-save-btn').click();
    await expect.poll(() => admin.locator(`.dept-row[data-id="${community}-CG"]:visible`).count(), { timeout: 15_000 }).toBe(1);

    await open(admin, `packages/admin/groups/index?communityId=${community}`);
    await q(admin, '.group-new-btn').click();
    await fill(admin, '.group-id-input', `${community}-G90`);
    await fill(admin, '.group-name-input', '测试网格工作组');
    await fill(admin, '.group-search-input', CADRE.name);
    await q(admin, '.group-search-btn').click();
    const row = admin.locator('.group-person-row:visible', { hasText: CADRE.name }).first();
    await row.locator('.group-leader-btn').click();
    await row.locator('.group-member-btn').click();
    await q(admin, '.group-save-btn').click();
    await expect.poll(() => q(admin, '.group-notice').textContent(), { timeout: 15_000 }).toContain('测试网格工作组');
    await shot(admin, 'admin-055-group');
  });

  it('prints the grid’s card PDF; its page renders with a QR that opens the new card', async () => {
    await open(admin, `packages/admin/cards/index?gridId=${GRID}`);
    const download = admin.waitForEvent('download', { timeout: 30_000 });
    await q(admin, '.pdf-btn').click();
    const pdf = path.join(mkdtempSync(path.join(tmpdir(), 'gridlink-pdf-')), 'cards.pdf');
    await (await download).saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    if (!existsSync('/usr/bin/pdftoppm')) throw new Error('pdftoppm missing: install poppler-utils');
    execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', pdf, path.join(SHOTS, 'admin-06-cards')]);
    const pngFile = path.join(SHOTS, 'admin-06-cards-1.png');
    const png = PNG.sync.read(readFileSync(pngFile));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}/#/pages/card/index\\?scene=C[A-Z0-9]{6}$`));
    cardUrl = code!.data;
  });

  it('a resident scans the new card and posts; the item reaches the new cadre', async () => {
    await resident.goto(cardUrl);
    await expect.poll(() => q(resident, '.card-name').textContent(), { timeout: 20_000 }).toContain(CADRE.name);
    await q(resident, '.post-btn').click();
    await q(resident, '.org-choice', '1栋').click();
    await q(resident, '.org-choice', '1单元').click();
    await q(resident, '.org-choice', '101室').click();
    await q(resident, '.confirm-household-btn').click();
    await resident.waitForURL(/pages\/submit\/index/);
    await q(resident, '.kind-chip', '诉求').click();
    await q(resident, '.category-chip', '帮扶救助').click();
    await q(resident, '.desc-input textarea').fill('独居老人家里水管漏水，需要帮忙找人维修');
    await q(resident, '.submit-btn').click();
    await resident.waitForURL(/pages\/item\/index\?id=/, { timeout: 20_000 });
    await expect.poll(() => q(resident, '.item-holder').textContent(), { timeout: 15_000 }).toContain(CADRE.name);

    await open(newCadre, 'packages/cadre/inbox/index');
    await expect.poll(() => newCadre.locator('.inbox-row:visible', { hasText: '水管漏水' }).count(), { timeout: 15_000 }).toBe(1);
    await shot(newCadre, 'admin-07-new-cadre-inbox');
  });
});
