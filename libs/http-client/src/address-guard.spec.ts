import { assertPublicLiteral, BlockedAddressError, guardedLookup, isPublicAddress } from './address-guard';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '224.0.0.1',
    '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip',
  ])('refuses %s', (ip) => expect(isPublicAddress(ip)).toBe(false));

  it.each(['8.8.8.8', '1.1.1.1', '151.101.1.69', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('allows %s', (ip) =>
    expect(isPublicAddress(ip)).toBe(true),
  );
});

describe('assertPublicLiteral', () => {
  it.each(['http://127.0.0.1/', 'http://2130706433/', 'http://0x7f.0.0.1/', 'http://0177.0.0.1/', 'http://[::1]/', 'http://[::ffff:7f00:1]/'])(
    'refuses the literal in %s',
    (url) => expect(() => assertPublicLiteral(new URL(url))).toThrow(BlockedAddressError),
  );

  it('lets host names through to the connect-time lookup', () => {
    expect(() => assertPublicLiteral(new URL('http://localhost/'))).not.toThrow();
    expect(() => assertPublicLiteral(new URL('http://8.8.8.8/'))).not.toThrow();
  });
});

describe('guardedLookup', () => {
  it('refuses a name that resolves to loopback', async () => {
    const err = await new Promise<unknown>((resolve) => guardedLookup('localhost', {}, (e) => resolve(e)));
    expect(err).toBeInstanceOf(BlockedAddressError);
    expect(String((err as Error).message)).toMatch(/localhost resolves to .*: a non-public address/);
  });
});
