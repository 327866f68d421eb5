// Unique fake identities: names, phone numbers and contact-card codes.
import { GIVEN_CHARS, SURNAMES } from './names';
import type { Rng } from './random';

/** No 0/O or 1/I so a code printed on a card can be read aloud. */
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'.split('');
const PHONE_PREFIXES = ['13', '15', '18'];

export class Identities {
  private names = new Set<string>();
  private phones = new Set<string>();
  private codes = new Set<string>();

  constructor(private rng: Rng) {}

  /** A realistic 2–3 character name, unique across everyone generated. */
  name(): string {
    for (;;) {
      const surname = this.rng.pickFront(SURNAMES);
      const first = this.rng.pick(GIVEN_CHARS);
      let given = first;
      if (this.rng.chance(0.65)) {
        const second = this.rng.pick(GIVEN_CHARS);
        if (second === first) continue;
        given += second;
      }
      const name = surname + given;
      if (!this.names.has(name)) {
        this.names.add(name);
        return name;
      }
    }
  }

  /** Well-formed 11-digit mobile number, 13x / 15x / 18x (fake). */
  phone(): string {
    for (;;) {
      let p = this.rng.pick(PHONE_PREFIXES);
      // 154 is not allocated; skip it to keep numbers plausible.
      const third = p === '15' ? this.rng.pick([0, 1, 2, 3, 5, 6, 7, 8, 9]) : this.rng.int(0, 9);
      p += String(third);
      for (let i = 0; i < 8; i++) p += String(this.rng.int(0, 9));
      if (!this.phones.has(p)) {
        this.phones.add(p);
        return p;
      }
    }
  }

  /** Contact-card code: "C" + 6 characters, used as the QR `scene`. */
  cardCode(): string {
    for (;;) {
      let c = 'C';
      for (let i = 0; i < 6; i++) c += this.rng.pick(CODE_CHARS);
      if (!this.codes.has(c)) {
        this.codes.add(c);
        return c;
      }
    }
  }
}
