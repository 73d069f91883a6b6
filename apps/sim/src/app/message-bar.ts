/**
 * The message bar over the view: an error stays until dismissed; a note closes itself after 6 s
 * (results that must stay go to the results panel).
 */
import { el } from './dom.ts';

/**
 * Show `text` in the message bar `box` (`#message`).
 *
 * @example
 * ```ts
 * showMessage(document.getElementById('message')!, 'Opened water.xyz', 'info');
 * ```
 */
export function showMessage(box: HTMLElement, text: string, kind: 'error' | 'info'): void {
  box.className = kind;
  box.replaceChildren(
    el('button', { textContent: '×', title: 'dismiss', onclick: () => (box.className = '') }),
    el('span', { textContent: text }),
  );
  if (kind === 'info') {
    const shown = text;
    setTimeout(() => {
      if (box.className === 'info' && box.textContent?.endsWith(shown)) box.className = '';
    }, 6000);
  }
}
