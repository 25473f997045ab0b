/**
 * Values that several operations' examples share (a user, a token pair, an order), so that the
 * examples in the route declarations (`examples` in app/api/v1/**\/route.ts) show the same user and
 * the same order throughout the API reference. app/api/v1/examples.test.ts checks every
 * example against its operation's schemas.
 */

export const at = "2026-11-24T09:30:00.000Z";

export const user = {
  id: 7,
  username: "ada_l",
  email: "ada@example.com",
  role: "USER",
  createdAt: at,
  emailVerified: true,
  hasPassword: true,
  twoFactorEnabled: false,
} as const;

export const tokenPair = {
  accessToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3IiwidHlwIjoiYWNjZXNzIn0.q8T0sbRW3u7j2kW7m1ZgVQ2XJx2b9n7y7pH3d1Xw0aE",
  tokenType: "Bearer",
  expiresIn: 900,
  refreshToken: "krt_Qm9vc3RlZC1yZWZyZXNoLXRva2VuLWV4YW1wbGUtMDAwMQ",
  refreshExpiresIn: 2_592_000,
  user,
} as const;

export const apiKey = {
  id: 3,
  name: "Warehouse sync",
  prefix: "keel_sk_4fQ9zR1bXk2P",
  scopes: ["orders:read", "orders:write"],
  createdAt: at,
  lastUsedAt: "2026-11-24T11:02:00.000Z",
  expiresAt: "2030-06-30T23:59:59.000Z",
} as const;

export const webhook = { id: 5, url: "https://shop.example.com/keel-events", events: ["order.paid", "order.shipped"], enabled: true, createdAt: at } as const;
export const webhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwQ0Vk2PnZt1c=";

export const order = {
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

export const addressItem = {
  id: 12,
  label: "Warehouse",
  isDefaultSender: true,
  address: order.sender,
  createdAt: "2026-11-20T08:00:00.000Z",
} as const;

export const adminOrder = { ...order, userId: 7, username: "ada_l" } as const;

export const rates = {
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

const { version: _version, createdAt: _createdAt, ...unpublished } = rates;
/** The table as an administrator publishes it (POST /api/v1/admin/shipping/rates): no version or date yet. */
export const rateTable = unpublished;

/** The fields of a passkey's answer (@simplewebauthn/browser) that registration and sign-in share. */
export const passkeyCredential = {
  id: "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-",
  rawId: "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-",
  type: "public-key",
  authenticatorAttachment: "platform",
  clientExtensionResults: {},
} as const;
