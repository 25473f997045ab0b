/**
 * Every e-mail Keel sends, in one place. A message is data (`{ template, ...params }`, validated by
 * `mailMessageSchema`, carried by the send-email job) and is rendered only when the job runs.
 * Messages carry no secret except the one-time link a template exists for.
 */
import { z } from "zod";
import { describeLifetime, LINK_LIFETIME_SECONDS } from "@/lib/links/links";
import { formatMoney } from "@/lib/shipping/money";
import { layout, type MailContent } from "./layout";

// The fields most messages carry, declared once: who the message greets, and when what it reports happened (ISO 8601).
const username = z.string().min(1).max(100);
const at = z.iso.datetime();

const welcome = z.object({
  template: z.literal("welcome"),
  username,
  /** The identity provider the account was created through (its label); absent: registered with a password. */
  provider: z.string().min(1).max(100).optional(),
});

/** The security notice after an identity provider's account was linked (it can sign in from now on). */
const identityLinked = z.object({
  template: z.literal("identity-linked"),
  username,
  /** The provider's label ("GitHub", the OIDC_NAME). */
  provider: z.string().min(1).max(100),
  at,
});

const passwordChanged = z.object({
  template: z.literal("password-changed"),
  username,
  /** When the change happened (ISO 8601), shown in the notice. */
  at,
});

/** What the order e-mails show of an order: enough to recognise it, nothing the customer did not send. */
const orderSummary = {
  username,
  orderId: z.int().positive(),
  destination: z.string().length(2),
  weightKg: z.number().positive(),
  totalCents: z.int().nonnegative(),
  currency: z.string().length(3),
};

/** The receipt of a customer's payment (lib/payments/receipt.ts): absent for an administrator's manual payment. */
const receipt = z.object({
  paidAt: z.iso.datetime(),
  amountCents: z.int().nonnegative(),
  currency: z.string().length(3),
  card: z.object({ brand: z.string().min(1).max(30), last4: z.string().length(4) }).optional(),
});

const orderConfirmation = z.object({ template: z.literal("order-confirmation"), ...orderSummary, receipt: receipt.optional() });

/** A payment that did not go through; the order stays placed and can be paid again. */
const paymentFailed = z.object({ template: z.literal("payment-failed"), ...orderSummary, reason: z.string().min(1).max(500) });

const orderShipped = z.object({
  template: z.literal("order-shipped"),
  ...orderSummary,
  trackingNumber: z.string().min(1).max(100),
  /** Keel's S10 number, for the public tracking link (absent in jobs written before it existed). */
  publicTrackingNumber: z.string().min(1).max(20).optional(),
});

/** News of a parcel for its recipient (who need not have a Keel account): no prices, no account. */
const PARCEL_EVENTS = ["shipped", "in_transit", "out_for_delivery", "delivery_failed", "delivered"] as const;
const parcelUpdate = z.object({
  template: z.literal("parcel-update"),
  recipientName: z.string().min(1).max(100),
  senderName: z.string().min(1).max(100).optional(),
  trackingNumber: z.string().min(1).max(20),
  event: z.enum(PARCEL_EVENTS),
  location: z.string().min(1).max(100).optional(),
});

/**
 * An order was cancelled, by its customer or by an administrator (issue 31: nothing told the
 * customer). API.md rules out an e-mail for *placing* an order (the confirmation waits for `paid`);
 * cancelling is not covered there, and a customer must learn that an order they may have paid for
 * will not ship.
 */
const orderCancelled = z.object({
  template: z.literal("order-cancelled"),
  ...orderSummary,
  byCustomer: z.boolean(),
});

/** The link to set a new password (carries a one-time token the job mints). */
const passwordReset = z.object({
  template: z.literal("password-reset"),
  username,
});

/** The security notice after a password was reset through such a link. */
const passwordResetDone = z.object({
  template: z.literal("password-reset-done"),
  username,
  at,
});

/** The link that confirms an address (after a change of address, or asked for again). */
const verifyEmail = z.object({
  template: z.literal("verify-email"),
  username,
});

/** The notice to the previous address when the account's address changes. */
const emailChanged = z.object({
  template: z.literal("email-changed"),
  username,
  /** The new address, masked (the old address's owner may no longer be the account's). */
  newAddress: z.string().min(1).max(200),
  at,
});

/** The security notice after a sign-in from a device that had not signed in to the account before. */
const newDeviceSignIn = z.object({
  template: z.literal("new-device-sign-in"),
  username,
  at,
  /** What the device said it was (User-Agent, rendered readably) and where it came from; no secret. */
  device: z.string().min(1).max(200),
  ip: z.string().max(100).nullable(),
});

/** The security notice after two-factor authentication was turned on or off. */
const twoFactorChanged = z.object({
  template: z.literal("two-factor-changed"),
  username,
  enabled: z.boolean(),
  at,
});

/** The security notice after the recovery codes were replaced (the old ones no longer work). */
const recoveryCodesRegenerated = z.object({
  template: z.literal("recovery-codes-regenerated"),
  username,
  at,
});

/** The security notice after a sign-in with a recovery code: someone signed in without the authenticator app. */
const recoveryCodeUsed = z.object({
  template: z.literal("recovery-code-used"),
  username,
  /** Unused recovery codes after this one. */
  left: z.int().nonnegative().max(100),
  at,
});

/** The security notice after a passkey was added to the account (it can sign in from now on). */
const passkeyAdded = z.object({
  template: z.literal("passkey-added"),
  username,
  /** The passkey's name as listed on the security page. */
  name: z.string().min(1).max(100),
  at,
});

/** A webhook was turned off after failing for its whole retry schedule (lib/webhooks/deliver.ts). */
const webhookDisabled = z.object({
  template: z.literal("webhook-disabled"),
  username,
  /** The endpoint's host only: a URL's path or query may carry the receiver's own token. */
  host: z.string().min(1).max(300),
  at,
});

export const mailMessageSchema = z.discriminatedUnion("template", [
  welcome,
  newDeviceSignIn,
  twoFactorChanged,
  recoveryCodesRegenerated,
  recoveryCodeUsed,
  passwordChanged,
  passwordReset,
  passwordResetDone,
  verifyEmail,
  emailChanged,
  identityLinked,
  orderConfirmation,
  orderShipped,
  orderCancelled,
  passkeyAdded,
  paymentFailed,
  webhookDisabled,
  parcelUpdate,
]);
export type MailMessage = z.infer<typeof mailMessageSchema>;

/** Templates that exist for their link: without one (nothing left to link to) nothing is sent. */
export function needsLink(message: MailMessage): boolean {
  return message.template === "password-reset" || message.template === "verify-email";
}

export interface RenderContext {
  /** Origin the links point at (APP_URL). */
  appUrl: string;
  /** The one-time link minted for this e-mail, if it carries one. */
  link?: string;
}

function requireLink(context: RenderContext, template: string): string {
  if (!context.link) throw new Error(`the ${template} e-mail needs its one-time link`);
  return context.link;
}

const resetLifetime = describeLifetime(LINK_LIFETIME_SECONDS.PASSWORD_RESET);
const verifyLifetime = describeLifetime(LINK_LIFETIME_SECONDS.EMAIL_VERIFICATION);

function formatUtc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The public tracking page of a parcel (app/track/[trackingNumber]). */
function trackingUrl(appUrl: string, trackingNumber: string): string {
  return `${appUrl}/track/${encodeURIComponent(trackingNumber)}`;
}

const PARCEL_NEWS: Record<(typeof PARCEL_EVENTS)[number], { subject: string; sentence: string }> = {
  shipped: { subject: "A parcel is on its way to you", sentence: "A parcel{from} is on its way to you." },
  in_transit: { subject: "Your parcel is in transit", sentence: "Your parcel{from} is in transit." },
  out_for_delivery: { subject: "Your parcel is out for delivery", sentence: "Your parcel{from} is out for delivery today." },
  delivery_failed: { subject: "We could not deliver your parcel", sentence: "We tried to deliver your parcel{from} but could not." },
  delivered: { subject: "Your parcel was delivered", sentence: "Your parcel{from} was delivered." },
};

export function renderMessage(message: MailMessage, context: RenderContext): MailContent {
  const { appUrl } = context;
  switch (message.template) {
    case "welcome":
      if (message.provider) {
        // No password was chosen: the account signs in through the provider (or sets a password later).
        return layout({
          appUrl,
          subject: "Welcome to Keel",
          greeting: `Hello ${message.username},`,
          paragraphs: [
            `Your Keel account is ready. You signed up with ${message.provider}, and you sign in at ${appUrl}/signin with the same button.`,
            "The account has no password. To sign in with your username or this address as well, choose one with \"Forgot your password?\" on the sign-in page.",
            ...(context.link ? [`Please confirm that this address is yours. The link works once, for ${verifyLifetime}.`] : []),
          ],
          action: context.link ? { label: "Confirm your e-mail address", url: context.link } : { label: "Sign in to Keel", url: `${appUrl}/signin` },
          reason: "You received this e-mail because an account was created with this address. If that was not you, you can ignore it.",
        });
      }
      // Registration sends one e-mail, not two: the welcome carries the address's verification
      // link when there is one (lib/users/register.ts).
      return context.link
        ? layout({
            appUrl,
            subject: "Welcome to Keel",
            greeting: `Hello ${message.username},`,
            paragraphs: [
              `Your Keel account is ready. You can sign in at ${appUrl}/signin with your username or this e-mail address and the password you chose.`,
              `Please confirm that this address is yours. The link works once, for ${verifyLifetime}.`,
            ],
            action: { label: "Confirm your e-mail address", url: context.link },
            reason: "You received this e-mail because an account was created with this address. If that was not you, you can ignore it.",
          })
        : layout({
            appUrl,
            subject: "Welcome to Keel",
            greeting: `Hello ${message.username},`,
            paragraphs: [
              "Your Keel account is ready. You can sign in with your username or this e-mail address and the password you chose.",
            ],
            action: { label: "Sign in to Keel", url: `${appUrl}/signin` },
            reason: "You received this e-mail because an account was created with this address. If that was not you, you can ignore it.",
          });
    case "password-reset":
      return layout({
        appUrl,
        subject: "Reset your Keel password",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          "Someone (hopefully you) asked to reset the password of your Keel account. Choose a new password with the link below.",
          `The link works once, for ${resetLifetime}. Setting a new password signs out every device.`,
        ],
        action: { label: "Choose a new password", url: requireLink(context, message.template) },
        reason:
          "You received this e-mail because a password reset was requested for the Keel account with this address. If that was not you, ignore it: your password stays as it is.",
      });
    case "password-reset-done":
      return layout({
        appUrl,
        subject: "Your Keel password was reset",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `The password of your Keel account was reset through a link sent to this address on ${formatUtc(message.at)}. Every device that was signed in has been signed out.`,
          "If you did this, there is nothing else to do. If you did not, someone can read your e-mail: secure your mailbox, reset your password again and contact the administrators.",
        ],
        action: { label: "Sign in to Keel", url: `${appUrl}/signin` },
        reason: "You received this security notice because the password of the Keel account with this address was reset.",
      });
    case "verify-email":
      return layout({
        appUrl,
        subject: "Confirm your e-mail address for Keel",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          "Please confirm that this address belongs to your Keel account.",
          `The link works once, for ${verifyLifetime}.`,
        ],
        action: { label: "Confirm your e-mail address", url: requireLink(context, message.template) },
        reason: "You received this e-mail because this address was given for a Keel account. If that was not you, you can ignore it.",
      });
    case "email-changed":
      return layout({
        appUrl,
        subject: "The e-mail address of your Keel account was changed",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `On ${formatUtc(message.at)} the e-mail address of your Keel account was changed from this address to ${message.newAddress}. E-mails about the account now go there.`,
          "If you made this change, there is nothing else to do. If you did not, someone else is using your account: contact the administrators at once.",
        ],
        reason: "You received this security notice because this address was, until now, the address of a Keel account.",
      });
    case "identity-linked":
      return layout({
        appUrl,
        subject: `${message.provider} can now sign in to your Keel account`,
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `On ${formatUtc(message.at)} an account at ${message.provider} was linked to your Keel account. Signing in with ${message.provider} now opens your Keel account.`,
          "If you did this, there is nothing else to do. If you did not, someone else is using your account: unlink it on your profile page, reset your password and contact the administrators.",
        ],
        action: { label: "Review your profile", url: `${appUrl}/profile` },
        reason: "You received this security notice because a sign-in method was added to the Keel account with this address.",
      });
    case "passkey-added":
      return layout({
        appUrl,
        subject: "A passkey was added to your Keel account",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `On ${formatUtc(message.at)} a passkey named "${message.name}" was added to your Keel account. It can sign in to the account from now on, without a password.`,
          "If you did this, there is nothing else to do. If you did not, someone else is using your account: remove the passkey on your security page, end the sessions you do not recognise, change your password and contact the administrators.",
        ],
        action: { label: "Review your passkeys", url: `${appUrl}/profile/security` },
        reason: "You received this security notice because a sign-in method was added to the Keel account with this address.",
      });
    case "password-changed":
      return layout({
        appUrl,
        subject: "Your Keel password was changed",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `The password of your Keel account was changed on ${formatUtc(message.at)}. Every device that was signed in has been signed out.`,
          "If you made this change, there is nothing else to do. If you did not, someone else knows your password: reset it at once and contact the administrators.",
        ],
        action: { label: "Sign in to Keel", url: `${appUrl}/signin` },
        reason: "You received this security notice because the password of the Keel account with this address was changed.",
      });
    case "new-device-sign-in":
      return layout({
        appUrl,
        subject: "New sign-in to your Keel account",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `Your Keel account was signed in to on ${formatUtc(message.at)} from a device that had not been used with it before: ${message.device}${message.ip ? ` (IP address ${message.ip})` : ""}.`,
          "If this was you, there is nothing else to do. If it was not, change your password at once and end that session under Profile, Security.",
        ],
        action: { label: "See your sessions", url: `${appUrl}/profile/security` },
        reason: "You received this security notice because a new device signed in to the Keel account with this address.",
      });
    case "recovery-codes-regenerated":
      return layout({
        appUrl,
        subject: "New recovery codes for your Keel account",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `On ${formatUtc(message.at)} new recovery codes were made for your Keel account. The earlier ones no longer work.`,
          "If you did this, keep the new codes somewhere safe. If you did not, someone else is using your account: change your password, end the sessions you do not recognise on your security page, and contact the administrators.",
        ],
        action: { label: "Review your account's security", url: `${appUrl}/profile/security` },
        reason: "You received this security notice because the recovery codes of the Keel account with this address were replaced.",
      });
    case "recovery-code-used": {
      const left = message.left === 1 ? "1 recovery code left" : `${message.left} recovery codes left`;
      return layout({
        appUrl,
        subject: "A recovery code was used to sign in to your Keel account",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `On ${formatUtc(message.at)} someone signed in to your Keel account with a recovery code instead of a code from your authenticator app. You have ${left}.`,
          message.left <= 3
            ? "If it was you, make new recovery codes on your security page before you run out. If it was not, change your password at once, end the sessions you do not recognise, and contact the administrators."
            : "If it was you, there is nothing else to do. If it was not, change your password at once, end the sessions you do not recognise, and contact the administrators.",
        ],
        action: { label: "Review your account's security", url: `${appUrl}/profile/security` },
        reason: "You received this security notice because a recovery code of the Keel account with this address was used.",
      });
    }
    case "two-factor-changed":
      return layout({
        appUrl,
        subject: message.enabled ? "Two-factor authentication is on for your Keel account" : "Two-factor authentication was turned off for your Keel account",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          message.enabled
            ? `Two-factor authentication was turned on for your Keel account on ${formatUtc(message.at)}. Signing in now needs a code from your authenticator app (or one of your recovery codes).`
            : `Two-factor authentication was turned off for your Keel account on ${formatUtc(message.at)}. Signing in needs only your password again.`,
          "If you made this change, there is nothing else to do. If you did not, change your password at once and contact the administrators.",
        ],
        action: { label: "Review your account's security", url: `${appUrl}/profile/security` },
        reason: "You received this security notice because the two-factor setting of the Keel account with this address was changed.",
      });
    case "order-confirmation":
      return layout({
        appUrl,
        subject: `Order #${message.orderId} is paid`,
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `We have received the payment for your order #${message.orderId}: ${message.weightKg} kg to ${message.destination}, ${formatMoney(message.totalCents, message.currency)} in total.`,
          ...(message.receipt
            ? [
                `Receipt: ${formatMoney(message.receipt.amountCents, message.receipt.currency)} paid on ${formatUtc(message.receipt.paidAt)}` +
                  (message.receipt.card ? ` with ${message.receipt.card.brand} card ending in ${message.receipt.card.last4}.` : "."),
              ]
            : []),
          "We will e-mail you again with the tracking number as soon as the parcel is on its way.",
        ],
        action: { label: "See the order", url: `${appUrl}/orders/${message.orderId}` },
        reason: "You received this e-mail because an order of your Keel account was marked paid.",
      });
    case "payment-failed":
      return layout({
        appUrl,
        subject: `The payment for order #${message.orderId} did not go through`,
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `We could not take the payment of ${formatMoney(message.totalCents, message.currency)} for your order #${message.orderId} (${message.weightKg} kg to ${message.destination}): ${message.reason}`,
          "Nothing was charged. Your order is still waiting for payment; you can try again with another card.",
        ],
        action: { label: "Pay the order", url: `${appUrl}/orders/${message.orderId}/pay` },
        reason: "You received this e-mail because a payment for an order of your Keel account failed.",
      });
    case "webhook-disabled":
      return layout({
        appUrl,
        subject: "A webhook of your Keel account was turned off",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `Keel could not deliver events to your webhook at ${message.host} for the whole retry schedule (about three days), so on ${formatUtc(message.at)} it turned the webhook off. No further events are sent to it.`,
          "When the receiver works again, turn the webhook back on under Profile, Webhooks; failed deliveries can be retried from there.",
        ],
        action: { label: "See your webhooks", url: `${appUrl}/profile/webhooks` },
        reason: "You received this e-mail because a webhook of the Keel account with this address kept failing.",
      });
    case "order-shipped":
      return layout({
        appUrl,
        subject: `Order #${message.orderId} has shipped`,
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `Your order #${message.orderId} (${message.weightKg} kg to ${message.destination}) is on its way.`,
          `Tracking number: ${message.trackingNumber}`,
          ...(message.publicTrackingNumber ? [`Follow it at ${trackingUrl(appUrl, message.publicTrackingNumber)}`] : []),
        ],
        action: { label: "See the order", url: `${appUrl}/orders/${message.orderId}` },
        reason: "You received this e-mail because an order of your Keel account was shipped.",
      });
    case "parcel-update": {
      const news = PARCEL_NEWS[message.event];
      const from = message.senderName ? ` from ${message.senderName}` : "";
      return layout({
        appUrl,
        subject: `${news.subject} (${message.trackingNumber})`,
        greeting: `Hello ${message.recipientName},`,
        paragraphs: [
          `${news.sentence.replace("{from}", () => from)}${message.location ? ` Location: ${message.location}.` : ""}`,
          `Tracking number: ${message.trackingNumber}`,
        ],
        action: { label: "Track the parcel", url: trackingUrl(appUrl, message.trackingNumber) },
        reason: "You received this e-mail because a parcel sent with Keel is addressed to you with this e-mail address.",
      });
    }
    case "order-cancelled":
      return layout({
        appUrl,
        subject: `Order #${message.orderId} is cancelled`,
        greeting: `Hello ${message.username},`,
        paragraphs: [
          message.byCustomer
            ? `You cancelled your order #${message.orderId} (${message.weightKg} kg to ${message.destination}, ${formatMoney(message.totalCents, message.currency)}).`
            : `Your order #${message.orderId} (${message.weightKg} kg to ${message.destination}, ${formatMoney(message.totalCents, message.currency)}) was cancelled by Keel.`,
          "Nothing will be shipped. If you did not expect this, reply to this e-mail or contact us.",
        ],
        action: { label: "See the order", url: `${appUrl}/orders/${message.orderId}` },
        reason: "You received this e-mail because an order of your Keel account was cancelled.",
      });
  }
}
