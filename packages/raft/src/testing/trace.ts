/** The last `capacity` events of a run, formatted only when printed. */
export class Trace {
  private readonly events: (() => string)[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  add(event: () => string): void {
    if (this.events.length < this.capacity) this.events.push(event);
    else this.events[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
  }

  lines(): string[] {
    const ordered = this.events.length < this.capacity ? this.events : [...this.events.slice(this.next), ...this.events.slice(0, this.next)];
    return ordered.map((e) => e());
  }
}
