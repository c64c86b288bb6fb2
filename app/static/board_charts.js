// The board's two charts as inline SVG (no chart library, nothing inline that the Content
// Security Policy refuses): lines of the queue's depth at each hour's end, and bars of the
// contacts abandoned by the hour they arrived, one series per channel. Each point and bar
// carries its data (data-channel, data-hour, data-value) and a <title> read out on hover.

import { _, formatNumber } from './i18n.js';
import { CHANNEL_NAMES } from './words.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 200;
const LEFT = 36;
const RIGHT = 8;
const TOP = 10;
const BOTTOM = 24;

function element(name, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

function frame(hours, series) {
  const top = Math.max(1, ...series.flatMap(([, values]) => values));
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, hours.length);
  const y = (value) => TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top);
  return { top, slot, y, x: (n) => LEFT + slot * (n + 0.5) };
}

function axes(svg, hours, scale) {
  const base = HEIGHT - BOTTOM;
  svg.append(
    element('line', { x1: LEFT, y1: base, x2: WIDTH - RIGHT, y2: base, class: 'axis' }),
    element('line', { x1: LEFT, y1: TOP, x2: LEFT, y2: base, class: 'axis' }),
    element('text', { x: LEFT - 6, y: scale.y(scale.top) + 4, class: 'tick tick-y' }, String(scale.top)),
    element('text', { x: LEFT - 6, y: base + 4, class: 'tick tick-y' }, '0'),
  );
  const every = Math.ceil(hours.length / 8);
  hours.forEach((hour, n) => {
    if (n % every === 0) svg.append(element('text', { x: scale.x(n), y: HEIGHT - 6, class: 'tick tick-x' }, hour));
  });
}

function start(svg, hours) {
  svg.replaceChildren();
  if (hours.length) return true;
  svg.append(element('text', { x: WIDTH / 2, y: HEIGHT / 2, class: 'tick chart-empty' }, _('Nothing yet today')));
  return false;
}

export function drawLines(svg, hours, series) {
  if (!start(svg, hours)) return;
  const scale = frame(hours, series);
  axes(svg, hours, scale);
  for (const [channel, values] of series) {
    const points = values.map((value, n) => `${scale.x(n)},${scale.y(value)}`).join(' ');
    svg.append(element('polyline', {
      points, class: `series series-${channel}`, 'data-channel': channel, 'data-values': values.join(','),
    }));
    values.forEach((value, n) => {
      const dot = element('circle', {
        cx: scale.x(n), cy: scale.y(value), r: 3, class: `dot series-${channel}`,
        'data-channel': channel, 'data-hour': hours[n], 'data-value': value,
      });
      dot.append(element('title', {}, _('{hour} · {channel}: {n} waiting', { hour: hours[n], channel: CHANNEL_NAMES[channel] ?? channel, n: formatNumber(value) })));
      svg.append(dot);
    });
  }
}

export function drawBars(svg, hours, series) {
  if (!start(svg, hours)) return;
  const scale = frame(hours, series);
  axes(svg, hours, scale);
  const width = (scale.slot * 0.8) / Math.max(1, series.length);
  series.forEach(([channel, values], k) => {
    values.forEach((value, n) => {
      const left = scale.x(n) - scale.slot * 0.4 + width * k;
      const bar = element('rect', {
        x: left, y: scale.y(value), width, height: scale.y(0) - scale.y(value), class: `bar series-${channel}`,
        'data-channel': channel, 'data-hour': hours[n], 'data-value': value,
      });
      bar.append(element('title', {}, _('{hour} · {channel}: {n} abandoned', { hour: hours[n], channel: CHANNEL_NAMES[channel] ?? channel, n: formatNumber(value) })));
      svg.append(bar);
    });
  });
}
