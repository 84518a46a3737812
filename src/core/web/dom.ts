// The little of the DOM the web-page readers use, typed here: the core is compiled without the browser's DOM types,
// and linkedom's document is handed over as this.

export interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

export interface DomElement extends DomNode {
  tagName: string;
  children: ArrayLike<DomElement>;
  parentElement: DomElement | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
  remove(): void;
}

export interface DomDocument {
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
  title: string;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** Text as a reader sees it: runs of white space one space, trimmed. */
export function visibleText(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
}
