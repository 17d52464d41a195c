import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@wirewatch/platform';
import { DESK_CSP, DESK_HTML } from './desk-page';

/**
 * GET /desk: the page a desk keeps open. It is public because it holds no data: the key it asks for is what
 * opens /stream.
 */
@Controller()
export class DeskController {
  @Public()
  @Get('desk')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', DESK_CSP)
  // The key may be in the page URL: no Referer carries it to the story sites the page links to.
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  page(): string {
    return DESK_HTML;
  }
}
