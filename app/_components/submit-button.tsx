/** The submit button of a form: disabled, and saying so, while the submission is under way. */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
  className = "button",
}: {
  pending: boolean;
  pendingLabel: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <button className={className} type="submit" disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}
