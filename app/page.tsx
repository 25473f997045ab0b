import Link from "next/link";

export default function HomePage() {
  return (
    <main>
      <h1>Keel</h1>
      <p className="lead">
        Quote a shipment by weight and destination, place orders priced by the server, and earn a loyalty
        discount. One account works in this web app and in the mobile apps.
      </p>
      <div className="actions">
        <Link className="button" href="/register">
          Create an account
        </Link>
        <Link className="button secondary" href="/signin">
          Sign in
        </Link>
      </div>
    </main>
  );
}
