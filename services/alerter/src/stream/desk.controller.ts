import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
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
  @ApiTags('stream')
  @ApiOperation({
    summary: 'The desk page',
    description: 'An HTML page that shows the live stream. It holds no data and needs no key; it asks for the key that opens /stream.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page', schema: { type: 'string', example: '<!doctype html>…' } })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', DESK_CSP)
  // The key may be in the page URL: no Referer carries it to the story sites the page links to.
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  page(): string {
    return DESK_HTML;
  }
}
