/** Tiny DOM helpers for the app (no framework). */

/**
 * Create an element with properties and children.
 *
 * @example
 * ```ts
 * const b = el('button', { textContent: 'Run', onclick: run });
 * ```
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}

/** A labelled control row. */
export function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  return el('label', {}, el('span', { textContent: text }), control);
}
