// Tandem's own small SVG sparkline: a line and the area under it, scaled to the largest value shown.
const NS = 'http://www.w3.org/2000/svg';

/** An <svg class="spark"> of `values` (oldest first); `label` becomes its accessible title. */
export function sparkline(values, label, width = 200, height = 36) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  const title = document.createElementNS(NS, 'title');
  title.textContent = label;
  svg.appendChild(title);
  if (values.length < 2) return svg;
  const max = Math.max(...values, 1e-9);
  const step = width / (values.length - 1);
  const pad = 2;
  const y = v => (height - pad - (v / max) * (height - 2 * pad)).toFixed(1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v)}`);
  const area = document.createElementNS(NS, 'path');
  area.setAttribute('class', 'area');
  area.setAttribute('d', `M0,${height} L${points.join(' L')} L${width},${height} Z`);
  const line = document.createElementNS(NS, 'path');
  line.setAttribute('class', 'line');
  line.setAttribute('d', `M${points.join(' L')}`);
  svg.append(area, line);
  return svg;
}
