// Builds the macros a CSL style's sort keys call once each, not once per call, when citeproc-js builds an engine.
//
// citeproc-js builds the macros of a citation or bibliography layout once, each into a token list of its own that
// the layout runs. For a sort key (`<sort><key macro="…"/>`) it copies the macro's tokens into the key's list
// instead, and every macro that macro calls, again at every call. APA's `author-sort` key calls `author-bib`, whose
// `<substitute>` calls `title`, `parenthetical` and `title-and-descriptions` twice each, and so on down: its two sort
// lists (citation and bibliography) came to 52,000 tokens, 0.4–0.6 s of CPU in one block of the engine's build
// (Chicago author-date's: 170 tokens, 35 ms in all).
//
// Here a macro called from a sort key is built into a list of its own, as a layout's macro is, and run from there by
// one token in its caller's list (the token citeproc-js itself uses for a layout's macro). A later call of the same
// macro in the same build context (the build state, `state.build`, as JSON; the locale; the area) runs the same
// list. Two counters of that state are read by the build only as "0", "1" or "more" (see `contextOf`); the rest is
// taken as it is. A macro whose build leaves the build state changed is not shared. Only what citeproc-js builds changes,
// not how it builds it: each list is built by citeproc-js's own builder, and configured (its jumps set) as its own.
//
// It is used for the bundled styles only, while their engine is built (`withSharedSortMacros`): their citations,
// bibliographies and sort keys are compared with citeproc-js's own build by test/unit/citations/sortMacros.test.ts.
// A writer's own .csl style is built exactly as citeproc-js builds it.
import type { Csl } from 'citeproc';

interface Token {
  execs: Array<(state: State, item: unknown, citeItem: unknown) => void>;
}

interface State {
  build: Record<string, unknown> & { extension: string; root: string };
  opt: { lang?: string };
  tmp: { root?: string };
  configureTokenList(tokens: Token[]): void;
  [area: string]: unknown;
}

/** The parts of citeproc-js's build this hooks into (internal to it: checked before use). */
interface CslInternals {
  getMacroTarget(this: State, macroKey: string): Token[] | false;
  configureMacro(this: State, target: Token[]): void;
  tokenExec(this: State, token: Token, item: unknown, citeItem: unknown): number;
  Token: new (name: string, tokenType: number) => Token;
  SINGLETON: number;
}

/** A shared list being built: where its caller's tokens go back to, and under what key it is kept. */
interface Building {
  holder: { tokens: Token[] };
  parent: Token[];
  list: Token[];
  key: string;
  /** `stateOf` before the build: the list is shared only if the build leaves the state as it found it. */
  before: string;
}

/** While an engine is built with sharing: the shared lists by macro and context, and the lists being built. */
interface Sharing {
  lists: Map<string, Token[]>;
  building: Building[];
}

/** Set only during `withSharedSortMacros` (an engine is built in one synchronous call). */
let sharing: Sharing | undefined;
const installed = new WeakSet<object>();

/** The build state as it is (the macro stack aside), the locale and the area: a macro's build leaves them so. */
function stateOf(state: State): string {
  return `${JSON.stringify({ ...state.build, macro_stack: undefined })}\u0000${state.opt.lang ?? ''}\u0000${state.tmp.root ?? ''}`;
}

/**
 * The build context a macro's tokens depend on: `stateOf`, with two counters as citeproc-js 1.4.61's build reads
 * them. `render_nesting_level` is read only as `=== 0` (CSL.Util.substituteStart and substituteEnd), before it is
 * raised and after it is lowered again, so within a macro it is 0 only where it was 0 when the macro began: the
 * macro sees only whether it began at 0. `substitute_level` (a stack; the top is read) is read only as `=== 0`,
 * `=== 1` and as true or false (groups, conditions, substituteStart and substituteEnd), and a group raises a top
 * that is not 0 and lowers it again: from a top of 2 or more the macro sees neither 0 nor 1. Whatever a macro's
 * `<names>` push on it they pop.
 */
function contextOf(state: State): string {
  const nesting = state.build.render_nesting_level;
  const substitute = (state.build.substitute_level as { value?: () => unknown } | undefined)?.value?.();
  if (typeof nesting !== 'number' || typeof substitute !== 'number') return stateOf(state);
  const build = { ...state.build, macro_stack: undefined, render_nesting_level: Math.min(nesting, 1), substitute_level: Math.min(substitute, 2) };
  return `${JSON.stringify(build)}\u0000${state.opt.lang ?? ''}\u0000${state.tmp.root ?? ''}`;
}

/** Whether this citeproc-js has the build functions hooked, in the form they are used here. */
function hookable(csl: Partial<CslInternals>): csl is CslInternals {
  return (
    typeof csl.getMacroTarget === 'function' &&
    typeof csl.configureMacro === 'function' &&
    typeof csl.tokenExec === 'function' &&
    typeof csl.Token === 'function' &&
    typeof csl.SINGLETON === 'number'
  );
}

/** Adds the hooks to citeproc-js; they do nothing outside `withSharedSortMacros`. */
export function installSortMacroSharing(module: Csl): void {
  const csl = module as unknown as Partial<CslInternals>;
  if (installed.has(csl) || !hookable(csl)) return;
  installed.add(csl);
  const getMacroTarget = csl.getMacroTarget;
  const configureMacro = csl.configureMacro;
  const tokenExec = csl.tokenExec;

  csl.getMacroTarget = function (this: State, macroKey: string): Token[] | false {
    const shared = this.build.extension ? sharing : undefined;
    if (!shared) return getMacroTarget.call(this, macroKey);
    // citeproc-js has just put the macro's opening group token in the current list; the token that runs the
    // macro's own list goes after it, and its closing group token will follow.
    const holder = this[this.build.root + this.build.extension] as { tokens: Token[] };
    const key = `${macroKey}\u0000${contextOf(this)}`;
    const known = shared.lists.get(key);
    const list = known ?? [];
    const runner = new csl.Token('text', csl.SINGLETON);
    runner.execs.push((state, item, citeItem) => {
      let next = 0;
      while (next < list.length) next = tokenExec.call(state, list[next], item, citeItem);
    });
    holder.tokens.push(runner);
    if (known) return false;
    shared.building.push({ holder, parent: holder.tokens, list, key, before: stateOf(this) });
    // The macro's nodes, and the macros they call, are built into its own list.
    holder.tokens = list;
    return list;
  };

  csl.configureMacro = function (this: State, target: Token[]): void {
    const shared = sharing;
    const building = shared?.building[shared.building.length - 1];
    if (!shared || !building || building.list !== target) return configureMacro.call(this, target);
    shared.building.pop();
    this.configureTokenList(target);
    building.holder.tokens = building.parent;
    if (stateOf(this) === building.before) shared.lists.set(building.key, target);
  };
}

/** Runs `build` (which makes one engine) with its sort keys' macros built once per context. */
export function withSharedSortMacros<T>(build: () => T): T {
  const previous = sharing;
  sharing = { lists: new Map(), building: [] };
  try {
    return build();
  } finally {
    sharing = previous;
  }
}
