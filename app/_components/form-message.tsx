/** The message for a whole form: an error (announced assertively) or a confirmation. */
export function FormMessage({ message, ok, testId = "form-message" }: { message?: string; ok?: boolean; testId?: string }) {
  if (!message) return null;
  return (
    <p className={ok ? "form-message ok" : "form-message error"} role={ok ? "status" : "alert"} data-testid={testId}>
      {message}
    </p>
  );
}
