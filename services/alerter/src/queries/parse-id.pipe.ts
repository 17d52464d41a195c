import { BadRequestException, type PipeTransform } from '@nestjs/common';

/**
 * A path id: a positive whole number small enough to be exact as a JS number (ids are bigint in Postgres), so
 * `abc`, `1.5` or an id past 2^53 is a 400 naming the parameter, never a database error. The global
 * ValidationPipe has already turned the text into a number (NaN for `abc`) by then.
 */
export class ParseIdPipe implements PipeTransform<unknown, number> {
  constructor(private readonly what: string) {}

  transform(value: unknown): number {
    const id = Number(value);
    if (!Number.isSafeInteger(id) || id < 1) throw new BadRequestException([`${this.what} must be a positive whole number`]);
    return id;
  }
}
