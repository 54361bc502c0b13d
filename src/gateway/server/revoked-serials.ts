/**
 * A project's revoked managed certificate serials as one gateway knows them: one set per project,
 * shared by the project's successive accesses and grown by each reload with the revocations since.
 *
 * A gateway starts serving a project before it has read the whole set (at a million records, 50,000
 * serials are many pages of reading). Until then the set is incomplete: it holds the serials read so
 * far and those revoked since the project was loaded, and an authentication asks the store about its
 * own certificate ({@link RevokedSerials.lookup}), so no revoked certificate authenticates in between.
 */
export class RevokedSerials extends Set<string> {
  #complete: boolean;
  readonly #lookup: (serial: string) => Promise<boolean>;

  /** `lookup` answers for one serial from the store while the set is incomplete. */
  constructor(lookup: (serial: string) => Promise<boolean>, complete = false) {
    super();
    this.#lookup = lookup;
    this.#complete = complete;
  }

  /** True once every revocation up to the project's first load has been added. */
  get complete(): boolean {
    return this.#complete;
  }

  /** Records that every revocation up to the project's first load has been added. */
  markComplete(): void {
    this.#complete = true;
  }

  /** Whether `serial` is revoked: the set answers once complete, before that the store does for what the set lacks. */
  lookup(serial: string): Promise<boolean> {
    if (this.has(serial)) return Promise.resolve(true);
    return this.#complete ? Promise.resolve(false) : this.#lookup(serial);
  }
}
