// Tiny DOM helpers: text is always set as textContent, never parsed as HTML.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: { class?: string; testId?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (attrs.class) node.className = attrs.class;
  if (attrs.testId) node.dataset.testid = attrs.testId;
  for (const child of children) node.append(child);
  return node;
}

export function section(title: string, id: string, ...children: (Node | string)[]): HTMLElement {
  return el('section', { class: 'section', testId: `section-${id}` }, el('h2', {}, title), ...children);
}
