// A `when`-clause context key the extension keeps up to date: each `setContext` is a message to the workbench, which
// then weighs every menu and keybinding that reads the key. A key computed at every library change (thousands of
// times while a large library arrives) is told only when its value changes, and an answer that comes after a later
// question's (the writer has moved to another editor meanwhile) is dropped.

export class ContextKey<T> {
  private told: { value: T } | undefined;
  private asked = 0;

  /** `tell` sends the value: `vscode.commands.executeCommand('setContext', name, value)` in the extension. */
  constructor(private readonly tell: (value: T) => unknown) {}

  /** The key's value now, or once `value` settles (unless asked again meanwhile). */
  set(value: T | PromiseLike<T>): void {
    const ask = ++this.asked;
    void Promise.resolve(value).then(
      (settled) => {
        if (ask !== this.asked || (this.told && Object.is(this.told.value, settled))) return;
        this.told = { value: settled };
        this.tell(settled);
      },
      () => undefined, // no answer: the key keeps the value last told
    );
  }
}
