/** A run that cannot go on: Maelstrom's exit 255. */
export class RunCrashed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunCrashed";
  }
}
