// provider.mjs - a real OpenID Connect provider for the log-in tests: the npm
// package oidc-provider, started on 127.0.0.1 at a free port, with its
// development log-in and consent pages (any login name, any password).
//
//   const op = await startProvider({ clients, users });
//   op.issuer                      http://127.0.0.1:PORT
//   op.tamperNext(fn)              the next token answer's id_token is replaced
//                                  by await fn(id_token) (bad-token tests)
//   op.resign(token, changes, o)   the token's claims with `changes` (undefined
//                                  removes a claim), signed by o.key (default:
//                                  the provider's own RSA key) as o.alg / o.kid
//   op.unsigned(token, changes)    the same claims with alg "none"
//   await op.stop()
//
// Clients: {client_id, client_secret, redirect_uri, alg ('RS256' | 'ES256')};
// every client must use PKCE (S256) and authenticate with client_secret_basic.
// Users: {login: {pid?}}; the login name is the subject (sub).
import http from 'node:http';
import Provider from 'oidc-provider';
import { generateKeyPair, exportJWK, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');

// A signing key pair with its private JWK (for the provider) and key id.
export async function makeKey(alg, kid) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  return { alg, kid, publicKey, privateKey, jwk };
}

export async function startProvider({ clients, users }) {
  const rsa = await makeKey('RS256', 'rsa-1');
  const ec = await makeKey('ES256', 'ec-1');
  let handler = (req, res) => { res.statusCode = 503; res.end(); };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: [c.redirect_uri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: c.alg || 'RS256',
    })),
    jwks: { keys: [rsa.jwk, ec.jwk] },
    async findAccount(ctx, id) {
      if (!users[id]) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...users[id] }; } };
    },
    // ID-porten puts the national ID number (pid) in the ID token itself
    claims: { openid: ['sub', 'pid'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['helhet-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  // the provider's development-only warnings are expected here
  provider.on('server_error', (ctx, err) => { console.error('oidc-provider:', err); });

  // The interceptor in front of the token endpoint: the provider answers as
  // always; only when a test asked for it is the ID token swapped afterwards.
  let tamper = null;
  provider.use(async (ctx, next) => {
    await next();
    if (tamper && ctx.path === '/token' && ctx.status === 200 && ctx.body && ctx.body.id_token) {
      const fn = tamper;
      tamper = null;
      ctx.body = { ...ctx.body, id_token: await fn(ctx.body.id_token) };
    }
  });
  handler = provider.callback();

  const claimsWith = (token, changes) => {
    const claims = { ...decodeJwt(token), ...changes };
    for (const [k, v] of Object.entries(changes)) if (v === undefined) delete claims[k];
    return claims;
  };

  return {
    issuer,
    provider,
    keys: { rsa, ec },
    tamperNext(fn) { tamper = fn; },
    async resign(token, changes = {}, { key = rsa.privateKey, alg, kid } = {}) {
      const header = decodeProtectedHeader(token);
      return new SignJWT(claimsWith(token, changes))
        .setProtectedHeader({ alg: alg || header.alg, kid: kid === undefined ? header.kid : kid })
        .sign(key);
    },
    unsigned(token, changes = {}) {
      return `${b64url({ alg: 'none' })}.${b64url(claimsWith(token, changes))}.`;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
