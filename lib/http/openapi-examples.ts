/**
 * One example request and one example response for every operation of the API, keyed by
 * operationId, merged into the OpenAPI document by buildOpenApiDocument (lib/http/openapi.ts).
 *
 * They live here, in one place, rather than in each route's declaration so that a new route is one
 * line in this table away from being fully documented, and openapi-examples.test.ts names any
 * operation that has none (and checks every example against the operation's own schemas, so an
 * example cannot drift from what the server accepts and answers).
 *
 * `request`: the JSON body (only for operations that take one); `params` and `query`: values of the
 * path and query parameters; `response`: the body of the first success status, or `null` when that
 * status has no body (204).
 */

export interface OperationExample {
  request?: unknown;
  query?: Record<string, string | number>;
  params?: Record<string, string | number>;
  response: unknown;
}

const at = "2026-11-24T09:30:00.000Z";

const user = {
  id: 7,
  username: "ada_l",
  email: "ada@example.com",
  role: "USER",
  createdAt: at,
  emailVerified: true,
  hasPassword: true,
  twoFactorEnabled: false,
} as const;

const tokenPair = {
  accessToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3IiwidHlwIjoiYWNjZXNzIn0.q8T0sbRW3u7j2kW7m1ZgVQ2XJx2b9n7y7pH3d1Xw0aE",
  tokenType: "Bearer",
  expiresIn: 900,
  refreshToken: "krt_Qm9vc3RlZC1yZWZyZXNoLXRva2VuLWV4YW1wbGUtMDAwMQ",
  refreshExpiresIn: 2_592_000,
  user,
} as const;

const apiKey = {
  id: 3,
  name: "Warehouse sync",
  prefix: "keel_sk_4fQ9zR1bXk2P",
  scopes: ["orders:read", "orders:write"],
  createdAt: at,
  lastUsedAt: "2026-11-24T11:02:00.000Z",
  expiresAt: "2030-06-30T23:59:59.000Z",
} as const;

const webhook = { id: 5, url: "https://shop.example.com/keel-events", events: ["order.paid", "order.shipped"], enabled: true, createdAt: at } as const;
const webhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwQ0Vk2PnZt1c=";

// The same order as the Order component's own example (lib/orders/dto.ts) but for its id and
// reference, on purpose: the component shows a shipped order, the operations a fresh one (tested
// against the schemas in openapi-examples.test.ts, so neither can drift from the contract).
const order = {
  id: 123,
  reference: "app-7f3a-0001",
  destination: "DE",
  weightKg: 2.1,
  region: "EU",
  ratePerKgCents: 300,
  minimumChargeCents: 100,
  subtotalCents: 630,
  discountCents: 0,
  totalCents: 630,
  currency: "USD",
  ratesVersion: 1,
  status: "placed",
  parcel: { weightKg: 2.1, lengthCm: 30, widthCm: 20, heightCm: 10 },
  recipient: { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "DE", phone: "+4922112345678" },
  sender: { name: "Ada Lovelace", company: "Analytical Parcels", line1: "1 Market St", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" },
  contents: { description: "2 cotton T-shirts", valueCents: 2500, currency: "USD" },
  chargeableWeightKg: 2.1,
  events: [{ status: "placed", at }],
  trackingEvents: [],
  createdAt: at,
  payment: null,
} as const;

const addressItem = {
  id: 12,
  label: "Warehouse",
  isDefaultSender: true,
  address: order.sender,
  createdAt: "2026-11-20T08:00:00.000Z",
} as const;

const adminOrder = { ...order, userId: 7, username: "ada_l" } as const;

const rates = {
  version: 2,
  currency: "USD",
  createdAt: "2026-11-20T08:00:00.000Z",
  zones: [
    { code: "US", name: "United States", countries: ["US"], ratePerKgCents: 250, minimumChargeCents: 100 },
    { code: "EU", name: "European Union", countries: ["DE", "FR", "NL"], ratePerKgCents: 300, minimumChargeCents: 100 },
    { code: "INTL", name: "International", countries: ["*"], ratePerKgCents: 400, minimumChargeCents: 100 },
  ],
  loyalty: { minOrders: 50, percent: 10 },
  volumetricDivisor: 5000,
} as const;

const { version: _version, createdAt: _createdAt, ...rateTable } = rates;

export const operationExamples: Record<string, OperationExample> = {
  register: {
    request: { username: "ada_l", email: "ada@example.com", password: "correct horse battery staple" },
    response: { user: { ...user, emailVerified: false } },
  },
  createToken: {
    request: { login: "ada@example.com", password: "correct horse battery staple" },
    response: { ...tokenPair, deviceToken: "kdt_ZGV2aWNlLXRva2VuLWV4YW1wbGUtMDAwMQ" },
  },
  refreshToken: { request: { refreshToken: tokenPair.refreshToken }, response: tokenPair },
  logout: { request: { refreshToken: tokenPair.refreshToken }, response: null },
  requestPasswordReset: { request: { email: "ada@example.com" }, response: {} },
  confirmPasswordReset: {
    request: { token: "m4wPeOD8yOF2GXnyfUm-MykOjOkzXZ9nSfLVc5NKzA0", newPassword: "a new and unusual passphrase" },
    response: null,
  },
  verifyEmail: { request: { token: "m4wPeOD8yOF2GXnyfUm-MykOjOkzXZ9nSfLVc5NKzA0" }, response: { user } },
  getProfile: { response: { user, stats: { orderCount: 3 } } },
  updateProfile: { request: { username: "ada" }, response: { user: { ...user, username: "ada" } } },
  deleteAccount: { request: { password: "correct horse battery staple" }, response: null },
  changePassword: {
    request: { currentPassword: "correct horse battery staple", newPassword: "a new and unusual passphrase" },
    response: null,
  },
  resendEmailVerification: { response: {} },
  quoteShipping: {
    request: { parcel: { weightKg: 2.1, lengthCm: 40, widthCm: 30, heightCm: 20 }, destination: "DE" },
    response: {
      quote: {
        region: "EU",
        ratePerKgCents: 300,
        minimumChargeCents: 100,
        weightKg: 2.1,
        volumetricWeightKg: 4.8,
        chargeableWeightKg: 4.8,
        subtotalCents: 1440,
        discountCents: 0,
        totalCents: 1440,
        currency: "USD",
        ratesVersion: 2,
      },
    },
  },
  getRates: { response: { rates } },
  listOrders: { query: { limit: 10 }, response: { items: [order], nextCursor: null } },
  createOrder: {
    request: {
      parcel: order.parcel,
      recipient: { ...order.recipient, phone: "0221 1234567" },
      sender: { addressId: 12 },
      contents: order.contents,
      reference: "app-7f3a-0001",
    },
    response: { order },
  },
  getOrder: { params: { id: "123" }, response: { order } },
  updateOrder: {
    params: { id: "123" },
    request: { sender: { addressId: 12 }, contents: order.contents },
    response: { order },
  },
  listAddresses: { response: { items: [addressItem] } },
  createAddress: { request: { label: "Warehouse", isDefaultSender: true, address: addressItem.address }, response: { item: addressItem } },
  updateAddress: { params: { id: "12" }, request: { label: "Main warehouse" }, response: { item: { ...addressItem, label: "Main warehouse" } } },
  deleteAddress: { params: { id: "12" }, response: null },
  cancelOrder: {
    params: { id: "123" },
    response: { order: { ...order, status: "cancelled", events: [...order.events, { status: "cancelled", at: "2026-11-24T10:00:00.000Z" }] } },
  },
  listUsers: { query: { q: "ada", limit: 20 }, response: { items: [user], nextCursor: null } },
  changeUserRole: { params: { id: "7" }, request: { role: "ADMIN" }, response: { user: { ...user, role: "ADMIN" } } },
  deleteUser: { params: { id: "7" }, response: null },
  listAllOrders: { query: { status: "placed", userId: 7 }, response: { items: [adminOrder], nextCursor: null } },
  changeOrderStatus: {
    params: { id: "123" },
    request: { status: "shipped", trackingNumber: "1Z999AA10123456784", note: "Two boxes taped together, as the customer asked." },
    response: {
      order: {
        ...adminOrder,
        status: "shipped",
        trackingNumber: "1Z999AA10123456784",
        events: [...order.events, { status: "shipped", at: "2026-11-25T08:15:00.000Z", note: "Two boxes taped together, as the customer asked." }],
      },
    },
  },
  listRateVersions: { response: { items: [rates] } },
  publishRates: { request: rateTable, response: { rates } },
  jobsOverview: {
    response: {
      queues: [{ name: "email", counts: { created: 0, retry: 1, active: 0, completed: 42, cancelled: 0, failed: 1 } }],
      failures: [
        {
          id: "5f0c6f7e-8d1b-4c2a-9e3f-0a1b2c3d4e5f",
          queue: "email",
          attempts: 3,
          error: "connect ECONNREFUSED 127.0.0.1:25",
          createdAt: at,
          failedAt: "2026-11-24T09:45:00.000Z",
        },
      ],
    },
  },
  retryJob: { params: { id: "5f0c6f7e-8d1b-4c2a-9e3f-0a1b2c3d4e5f" }, response: null },
  health: { response: { status: "ok", database: "ok", version: "0.1.0" } },
  live: { response: { status: "ok" } },
  ready: { response: { status: "ok", database: "ok", migrations: "ok", jobs: "ok", version: "0.1.0" } },
  runDueJobs: { response: { ran: 3 } },
  openapi: { response: { openapi: "3.1.0", info: { title: "Keel API", version: "0.1.0" }, paths: {} } },
  // Identity providers (issue 14)
  exchangeIdToken: {
    request: {
      provider: "oidc",
      idToken: "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIn0.eyJpc3MiOiJodHRwczovL2xvZ2luLmV4YW1wbGUuY29tIiwic3ViIjoiMjQ4Mjg5NzYxMDAxIn0.c2lnbmF0dXJlLWV4YW1wbGU",
      nonce: "n-0S6_WzA2Mj",
    },
    response: { ...tokenPair, user: { ...user, hasPassword: false } },
  },
  listIdentities: {
    response: { items: [{ id: 4, provider: "oidc", subject: "248289761001", email: "ada@example.com", createdAt: at }] },
  },
  unlinkIdentity: { params: { id: "4" }, response: null },
  // Sessions, activity and two-factor authentication (issue 15)
  listSessions: {
    response: {
      items: [
        {
          id: "9b2f6a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b",
          kind: "web",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
          device: "Firefox 133 on Linux",
          ip: "203.0.113.7",
          createdAt: at,
          lastSeenAt: at,
          expiresAt: "2026-12-24T09:30:00.000Z",
          current: true,
        },
      ],
    },
  },
  endSession: { params: { id: "9b2f6a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b" }, response: null },
  listActivity: {
    query: { limit: 20 },
    response: { items: [{ id: 31, type: "sign_in", at, ip: "203.0.113.7", userAgent: "KeelApp/2.3 (iOS 18.1)" }], nextCursor: null },
  },
  listAllActivity: {
    query: { userId: 7, type: "sign_in_failed", limit: 20 },
    response: { items: [{ id: 30, type: "sign_in_failed", at, ip: "198.51.100.23", userAgent: "curl/8.5.0", userId: 7 }], nextCursor: null },
  },
  setupTwoFactor: {
    request: { password: "correct horse battery staple" },
    response: {
      secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
      otpauthUrl: "otpauth://totp/Keel:ada_l?issuer=Keel&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
    },
  },
  enableTwoFactor: {
    request: { code: "492039" },
    response: {
      recoveryCodes: ["7xk2q-9pm4r", "m3vt8-c2whd", "p9fz2-kqa6n", "b4ye7-tjr3x", "w8nh5-dcuqe", "r2ma9-vkp7s", "h6qt3-xzb8f", "c5wd4-npe2j", "t7gk6-hmr9u", "e3js8-ybq5v"],
    },
  },
  regenerateRecoveryCodes: {
    request: { password: "correct horse battery staple" },
    response: {
      recoveryCodes: ["q4nv7-k2xhm", "z8tb3-wp6ra", "f2kc9-ymd4s", "u7hj5-bq3ne", "a9rx2-tvk8p", "n3me6-cfw7y", "s5gz8-jdh2q", "x6pw4-ekr9m", "d8yt3-uzn5b", "k2qf7-mha6w"],
    },
  },
  disableTwoFactor: { request: { password: "correct horse battery staple", code: "492039" }, response: null },
  createTokenWithSecondFactor: {
    request: { mfaToken: "kmfa_3q2v6Xb0Yk1nJ9rT5wZcLmP8sDfGhA4eUiOoQxRtYv0", code: "492039" },
    response: tokenPair,
  },
  // The mobile flow: start the payment, hand clientSecret and publishableKey to Stripe's SDK
  // (PaymentSheet), then read the order until payment.status is succeeded (Stripe's webhook pays it).
  startPayment: {
    params: { id: "123" },
    response: {
      payment: {
        id: 7,
        provider: "stripe",
        status: "pending",
        amountCents: 630,
        currency: "USD",
        createdAt: at,
        clientSecret: "pi_3QxY2bKeel0001_secret_7Hc2yTq9",
        publishableKey: "pk_live_51Keel0000example",
      },
    },
  },
  confirmTestPayment: {
    request: { paymentId: 7, cardNumber: "4242 4242 4242 4242" },
    response: {
      payment: { id: 7, provider: "test", status: "succeeded", amountCents: 630, currency: "USD", createdAt: at, paidAt: at, card: { brand: "visa", last4: "4242" } },
    },
  },
  receiveStripeEvent: { response: { received: true } },
  // Labels and tracking (issue 27).
  // A PDF, not JSON: no example body.
  getOrderLabel: { params: { id: "123" }, response: null },
  trackParcel: {
    params: { trackingNumber: "KE123456785US" },
    response: {
      tracking: {
        trackingNumber: "KE123456785US",
        status: "in_transit",
        destinationCountry: "DE",
        events: [
          { status: "placed", at },
          { status: "paid", at: "2026-11-24T11:02:00.000Z" },
          { status: "shipped", at: "2026-11-25T08:15:00.000Z" },
          { status: "in_transit", at: "2026-11-26T06:40:00.000Z", location: "Leipzig hub" },
        ],
      },
    },
  },
  addTrackingEvent: {
    params: { id: "123" },
    request: { status: "in_transit", location: "Leipzig hub" },
    response: {
      order: {
        ...adminOrder,
        status: "shipped",
        trackingNumber: "KE123456785US",
        publicTrackingNumber: "KE123456785US",
        events: [...order.events, { status: "paid", at: "2026-11-24T11:02:00.000Z" }, { status: "shipped", at: "2026-11-25T08:15:00.000Z" }],
        trackingEvents: [{ status: "in_transit", at: "2026-11-26T06:40:00.000Z", location: "Leipzig hub" }],
      },
    },
  },
  // API keys and webhooks (issue 30)
  listApiKeys: { response: { items: [apiKey] } },
  createApiKey: {
    request: { name: "Warehouse sync", scopes: ["orders:read", "orders:write"], expiresAt: "2030-06-30T23:59:59.000Z" },
    response: { apiKey, secret: "keel_sk_4fQ9zR1bXk2P7wVdN3cLhT8yKq5mZs0aUe6oJi2rBg9xWn4pFt1vHc7" },
  },
  revokeApiKey: { params: { id: "3" }, response: null },
  listWebhooks: { response: { items: [webhook] } },
  createWebhook: { request: { url: webhook.url, events: webhook.events }, response: { webhook, secret: webhookSecret } },
  getWebhook: { params: { id: "5" }, response: { webhook } },
  updateWebhook: { params: { id: "5" }, request: { enabled: true }, response: { webhook } },
  deleteWebhook: { params: { id: "5" }, response: null },
  rotateWebhookSecret: { params: { id: "5" }, response: { webhook, secret: webhookSecret } },
  listWebhookDeliveries: {
    params: { id: "5" },
    query: { limit: 20 },
    response: {
      items: [
        {
          id: 812,
          event: "order.paid",
          status: "pending",
          attempts: 2,
          lastStatusCode: 503,
          createdAt: at,
          nextAttemptAt: "2026-11-24T09:33:00.000Z",
          lastAttemptAt: "2026-11-24T09:31:00.000Z",
          lastDurationMs: 184,
          lastResponseBody: "Service Unavailable",
          attemptLog: [
            { attempt: 1, at: "2026-11-24T09:30:00.000Z", durationMs: 10_000, error: "timed out after 10000 ms" },
            { attempt: 2, at: "2026-11-24T09:31:00.000Z", statusCode: 503, durationMs: 184, responseBody: "Service Unavailable" },
          ],
        },
      ],
      nextCursor: null,
    },
  },
  retryWebhookDelivery: { params: { id: "5", deliveryId: "812" }, response: {} },
  // Passkeys (issue 29). The options are what @simplewebauthn/server 13 generates; the answers are
  // what @simplewebauthn/browser's startRegistration()/startAuthentication() return.
  passkeyRegistrationOptions: {
    response: {
      options: {
        rp: { name: "Keel", id: "keel.example" },
        user: { id: "3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", name: "ada", displayName: "ada" },
        challenge: "u2kVq9bC0s3oW6Zk1n8rX4tPyJ5hGdLmA7eQfR0vNcI",
        pubKeyCredParams: [
          { alg: -8, type: "public-key" },
          { alg: -7, type: "public-key" },
          { alg: -257, type: "public-key" },
        ],
        timeout: 300000,
        attestation: "none",
        excludeCredentials: [],
        authenticatorSelection: { residentKey: "required", userVerification: "required", requireResidentKey: true },
      },
    },
  },
  addPasskey: {
    request: {
      name: "MacBook",
      response: {
        id: "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-",
        rawId: "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-",
        type: "public-key",
        authenticatorAttachment: "platform",
        clientExtensionResults: {},
        response: {
          clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoidTJrVnE5YkMwczNvVzZaazFuOHJYNHRQeUo1aEdkTG1BN2VRZlIwdk5jSSIsIm9yaWdpbiI6Imh0dHBzOi8va2VlbC5leGFtcGxlIn0",
          attestationObject: "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVkBJkmWDeWIDoxodDQXD2R2YFuP5K65ooYyx5lc87qDHZdjRQAAAAA",
          transports: ["internal", "hybrid"],
        },
      },
    },
    response: { passkey: { id: 4, name: "MacBook", createdAt: at, lastUsedAt: null, deviceType: "multiDevice", backedUp: true } },
  },
  listPasskeys: { response: { items: [{ id: 4, name: "MacBook", createdAt: at, lastUsedAt: "2026-11-25T08:15:00.000Z", deviceType: "multiDevice", backedUp: true }] } },
  renamePasskey: {
    params: { id: "4" },
    request: { name: "Work laptop" },
    response: { passkey: { id: 4, name: "Work laptop", createdAt: at, lastUsedAt: null, deviceType: "multiDevice", backedUp: true } },
  },
  removePasskey: { params: { id: "4" }, response: null },
  passkeySignInOptions: {
    response: {
      options: { challenge: "Yp3mQ0cW8sL1aZ6tK9rJ2vN5xB7dF4gH0eU3iO6kPqA", timeout: 300000, rpId: "keel.example", userVerification: "required" },
      challengeId: "5b2f3c1e-8a4d-4e6f-9b7a-1c2d3e4f5a6b",
    },
  },
  // An assertion, where addPasskey's is an attestation: alike in form, not the same message.
  createTokenWithPasskey: {
    request: {
      challengeId: "5b2f3c1e-8a4d-4e6f-9b7a-1c2d3e4f5a6b",
      response: {
        id: "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-",
        rawId: "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-",
        type: "public-key",
        authenticatorAttachment: "platform",
        clientExtensionResults: {},
        response: {
          clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiWXAzbVEwY1c4c0wxYVo2dEs5ckoydk41eEI3ZEY0Z0gwZVUzaU82a1BxQSIsIm9yaWdpbiI6Imh0dHBzOi8va2VlbC5leGFtcGxlIn0",
          authenticatorData: "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAABQ",
          signature: "MEUCIQDx7bS0fW9k3Lq2pH6vN8tR1cY4aJ5mE0uZ7gK2oX9iQwIgF3dH8sL1aP6tB9rJ2vN5xC7kM4gQ0eU3iO6yW1zTqA",
          userHandle: "3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        },
      },
    },
    response: tokenPair,
  },
};
