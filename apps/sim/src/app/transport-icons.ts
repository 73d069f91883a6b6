/**
 * The trajectory controls' step buttons as inline SVG icons: the ⏮/⏭ glyphs need a font that has them
 * (headless Chromium has none and draws empty boxes), a path does not. The buttons are named by
 * `aria-label` (and `title`), so tests and screen readers find them by role and name.
 */

const SVG = 'http://www.w3.org/2000/svg';

/** Bar and triangle of a "step to next frame" icon in a 16×16 box; the previous-frame icon mirrors it. */
const NEXT_PATH = 'M3 2.5 L11 8 L3 13.5 Z M11.5 2.5 H13.5 V13.5 H11.5 Z';

/**
 * A button that steps the trajectory one frame back (`previous`) or on (`next`), with an inline SVG icon.
 *
 * @example
 * ```ts
 * const next = stepFrameButton('next', () => player.step(1));
 * next.getAttribute('aria-label'); // 'next frame'
 * ```
 */
export function stepFrameButton(direction: 'previous' | 'next', onclick: () => void): HTMLButtonElement {
  const label = `${direction} frame`;
  const button = document.createElement('button');
  button.type = 'button';
  button.title = label;
  button.setAttribute('aria-label', label);
  button.className = 'icon-button';
  button.dataset.step = direction;
  button.addEventListener('click', onclick);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', NEXT_PATH);
  path.setAttribute('fill', 'currentColor');
  if (direction === 'previous') path.setAttribute('transform', 'matrix(-1 0 0 1 16 0)');
  svg.append(path);
  button.append(svg);
  return button;
}
