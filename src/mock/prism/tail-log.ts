// The last part of a long output (Prism logs every request, several lines each): a chunk costs its
// own length, amortised. Chunks are kept as they come and joined only once they are twice the
// limit, or when the text is read; one cut string per `limit` characters received.

export class TailLog {
  private parts: string[] = [];
  private length = 0;

  constructor(readonly limit: number) {}

  add(chunk: string): void {
    this.parts.push(chunk);
    this.length += chunk.length;
    if (this.length > 2 * this.limit) this.cut();
  }

  /** The last `limit` characters received (all of them while fewer came). */
  text(): string {
    this.cut();
    return this.parts[0] ?? "";
  }

  private cut(): void {
    if (this.parts.length <= 1 && this.length <= this.limit) return;
    const joined = this.parts.join("");
    const kept = joined.length > this.limit ? joined.slice(-this.limit) : joined;
    this.parts = [kept];
    this.length = kept.length;
  }
}
