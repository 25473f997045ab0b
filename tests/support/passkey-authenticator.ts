/**
 * A software passkey authenticator for the integration tests: it answers the options of Keel's
 * passkey routes the way a platform authenticator does (ES256 key pair from node:crypto, attestation
 * `none`, discoverable credentials with the user's handle, user verification), and can be told to
 * misbehave (another origin or RP ID, a tampered signature, a counter going backwards).
 *
 * CBOR comes from SimpleWebAuthn's own helpers (@levischuck/tiny-cbor underneath), the encoder the
 * server's decoder is paired with; everything else is the byte layout of WebAuthn Level 3, 6.1.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

interface StoredCredential {
  id: Uint8Array;
  privateKey: KeyObject;
  cosePublicKey: Uint8Array;
  rpId: string;
  userHandle: string;
  counter: number;
}

/** What the options routes return, as far as an authenticator reads them. */
interface CreationOptions {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string };
  excludeCredentials?: { id: string }[];
}
interface RequestOptions {
  challenge: string;
  rpId?: string;
}

export interface Misbehaviour {
  /** clientDataJSON's origin (default: the authenticator's origin). */
  origin?: string;
  /** The RP ID whose hash goes into the authenticator data (default: the options'). */
  rpId?: string;
  /** The signature counter to report (default: one more than the last). */
  counter?: number;
  /** Flip a bit of the signature. */
  tamperSignature?: boolean;
  /** Leave out the user-verified flag. */
  withoutUserVerification?: boolean;
  /** clientDataJSON's challenge (default: the options'). */
  challenge?: string;
  /** The user handle to answer with (default: the credential's). */
  userHandle?: string;
  /** Registration: the credential id to make (default: 32 random bytes). */
  credentialId?: Uint8Array;
}

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash("sha256").update(data).digest());
const b64u = (bytes: Uint8Array) => isoBase64URL.fromBuffer(bytes as Uint8Array<ArrayBuffer>);
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

function uint32(value: number): Uint8Array {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

function clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** The ES256 public key as a COSE_Key (RFC 9053): kty EC2, alg -7, crv P-256, x, y. */
function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: "jwk" });
  const map = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, isoBase64URL.toBuffer(jwk.x!)],
    [-3, isoBase64URL.toBuffer(jwk.y!)],
  ]);
  return isoCBOR.encode(map);
}

export class SoftwareAuthenticator {
  readonly credentials: StoredCredential[] = [];
  /** Synced passkeys (iCloud Keychain, Google) report backup eligibility and state. */
  constructor(
    readonly origin: string,
    private readonly options: { synced?: boolean } = {},
  ) {}

  private flags(base: number, misbehaviour: Misbehaviour): number {
    let flags = base | FLAG_UP | (misbehaviour.withoutUserVerification ? 0 : FLAG_UV);
    if (this.options.synced) flags |= FLAG_BE | FLAG_BS;
    return flags;
  }

  /** navigator.credentials.create(): a new discoverable credential and the RegistrationResponseJSON. */
  register(options: CreationOptions, misbehaviour: Misbehaviour = {}) {
    const rpId = misbehaviour.rpId ?? options.rp.id!;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const credential: StoredCredential = {
      id: misbehaviour.credentialId ?? new Uint8Array(randomBytes(32)),
      privateKey,
      cosePublicKey: coseKey(publicKey),
      rpId,
      userHandle: options.user.id,
      counter: 0,
    };
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = concat(
      sha256(rpId),
      Uint8Array.of(this.flags(FLAG_AT, misbehaviour)),
      uint32(0),
      new Uint8Array(16), // AAGUID: all zero, as with attestation `none`
      idLength,
      credential.id,
      credential.cosePublicKey,
    );
    const attestation = new Map<string, Parameters<typeof isoCBOR.encode>[0]>();
    attestation.set("fmt", "none");
    attestation.set("attStmt", new Map());
    attestation.set("authData", authData);
    const attestationObject = isoCBOR.encode(attestation);
    this.credentials.push(credential);
    const id = b64u(credential.id);
    return {
      credential,
      response: {
        id,
        rawId: id,
        type: "public-key" as const,
        authenticatorAttachment: "platform" as const,
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64u(clientData("webauthn.create", misbehaviour.challenge ?? options.challenge, misbehaviour.origin ?? this.origin)),
          attestationObject: b64u(attestationObject),
          transports: ["internal", "hybrid"],
        },
      },
    };
  }

  /** navigator.credentials.get() with a discoverable credential: the AuthenticationResponseJSON. */
  authenticate(options: RequestOptions, credential: StoredCredential = this.credentials.at(-1)!, misbehaviour: Misbehaviour = {}) {
    const rpId = misbehaviour.rpId ?? options.rpId ?? credential.rpId;
    const counter = misbehaviour.counter ?? credential.counter + 1;
    if (misbehaviour.counter === undefined) credential.counter = counter;
    const authData = concat(sha256(rpId), Uint8Array.of(this.flags(0, misbehaviour)), uint32(counter));
    const data = clientData("webauthn.get", misbehaviour.challenge ?? options.challenge, misbehaviour.origin ?? this.origin);
    const signature = new Uint8Array(sign("sha256", concat(authData, sha256(data)), credential.privateKey));
    if (misbehaviour.tamperSignature) signature[signature.length - 1]! ^= 0x01;
    const id = b64u(credential.id);
    return {
      id,
      rawId: id,
      type: "public-key" as const,
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(data),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: misbehaviour.userHandle ?? credential.userHandle,
      },
    };
  }
}
