// The 统计 page's charts, drawn by AntV F2 (v5) on a `type="2d"` canvas in both weapp and H5.
// F2 elements are built with F2's own `jsx()` (not React's JSX, which this file uses for the Taro
// <Canvas>); services/platform.canvas2d gives the canvas context per platform. F2 is imported only
// here, in the admin subpackage, so the main package does not carry it.
import { useEffect, useState } from 'react';
import { Canvas as TaroCanvas } from '@tarojs/components';
import { Axis, Canvas, Chart, Interval, Legend, Line, jsx } from '@antv/f2';
import type { StatsOverview, StatsRow } from '../../../core/stats/contract';
import { percent, rate, type RateKey } from '../../../core/stats/rates';
import { canvas2d } from '../../../services/platform';

const RED = '#c8161d';
/**
 * F2's "px" (a 750-wide design) to canvas px: half, on both platforms. F2's own default reads the
 * page's root font size, which Taro H5 sets to about 20px for its rem layout, so every label and
 * legend drew at a fifth of its size (26px → about 5 CSS px).
 */
const px2hd = (px: number) => px / 2;
const AMBER = '#faad14';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Element = ReturnType<typeof jsx>;
/** F2's element factory, loosely typed (its typings expect its own JSX transform). */
const h = jsx as unknown as (type: unknown, props: object | null, ...children: Element[]) => Element;

let instances = 0;

/**
 * A chart on a Taro canvas: redrawn whenever `version` changes. Each instance gets its own element
 * id (`<id>-<n>`): Taro H5 keeps the pages below in the stack in the DOM, so a drilled-into 统计
 * page must not find the canvas of the page under it.
 */
export function F2Chart({ id: base, className, version, element }: { id: string; className: string; version: string; element: () => Element }) {
  const [id] = useState(() => `${base}-${++instances}`);
  useEffect(() => {
    let alive = true;
    let chart: Canvas | null = null;
    void (async () => {
      // The canvas node appears after the first render (weapp: after the page's layout).
      let c = await canvas2d(id);
      for (let i = 0; !c && alive && i < 40; i++) {
        await sleep(50);
        c = await canvas2d(id);
      }
      if (!c || !alive) return;
      chart = new Canvas({
        context: c.context, pixelRatio: c.pixelRatio, width: c.width, height: c.height, animate: false, px2hd, ...c.extra, children: element(),
      } as ConstructorParameters<typeof Canvas>[0]);
      await chart.render();
    })();
    return () => {
      alive = false;
      chart?.destroy();
    };
  }, [id, version]);
  return <TaroCanvas type='2d' id={id} className={`${className} ${base}`} />;
}

// F2 sizes are in its own px (half a CSS px on a phone): its default 20px labels read as 10 CSS px,
// too small for a cadre's phone. 26px ≈ 13 CSS px.
const AXIS_STYLE = { label: { fontSize: '26px', fill: '#666' } };
const LEGEND_NAME = { fontSize: '26px', fill: '#333' };

const trendLabel = (by: 'day' | 'month', k: string) => (by === 'day' ? `${Number(k.slice(5, 7))}/${Number(k.slice(8, 10))}` : `${Number(k.slice(5, 7))}月`);

/** 趋势: items submitted and resolved per day or month. */
export function trendElement(trend: StatsOverview['trend']): Element {
  const data = trend.points.flatMap((p) => [
    { x: trendLabel(trend.by, p.key), type: '提交', value: p.counts.submitted ?? 0 },
    { x: trendLabel(trend.by, p.key), type: '办结', value: p.counts.resolved ?? 0 },
  ]);
  return h(
    Chart,
    { data, scale: { value: { min: 0, nice: true, tickCount: 4 }, x: { type: 'cat', tickCount: Math.min(6, trend.points.length) } } },
    h(Axis, { field: 'x', style: AXIS_STYLE }),
    h(Axis, { field: 'value', style: AXIS_STYLE }),
    h(Line, { x: 'x', y: 'value', color: { field: 'type', range: [RED, AMBER] }, sizes: [2] }),
    h(Legend, { position: 'top', nameStyle: LEGEND_NAME }),
  );
}

export type RankKey = 'submitted' | RateKey;

/** 排名: the top rows by a count or a rate, as horizontal bars (the first at the top). */
export function rankingElement(rows: StatsRow[], key: RankKey, top = 8): Element {
  const value = (r: StatsRow) => (key === 'submitted' ? r.counts.submitted ?? 0 : rate(r.counts, key).value ?? 0);
  const data = [...rows]
    .sort((a, b) => value(b) - value(a))
    .slice(0, top)
    .reverse()
    .map((r) => ({ name: r.name.length > 6 ? `${r.name.slice(0, 6)}…` : r.name, value: value(r) }));
  const isRate = key !== 'submitted';
  return h(
    Chart,
    {
      data,
      coord: { transposed: true },
      scale: { value: isRate ? { min: 0, max: 1, tickCount: 3, formatter: (v: number) => percent(v) } : { min: 0, nice: true, tickCount: 4 }, name: { type: 'cat' } },
    },
    h(Axis, { field: 'name', style: AXIS_STYLE }),
    h(Axis, { field: 'value', style: AXIS_STYLE }),
    h(Interval, { x: 'name', y: 'value', color: RED }),
  );
}
