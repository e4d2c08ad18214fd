// Command pk-ferretdb runs FerretDB 1.24 (MongoDB wire protocol) for the local stack.
//
// Why a wrapper instead of `go install .../cmd/ferretdb@v1.24.2`: a binary built that way
// panics at start-up, because the module proxy's copy lacks the generated
// build/version/version.txt that the release pipeline writes. FerretDB skips that check
// when it is embedded, so we embed it through its public `ferretdb` package; the server
// code is the same, telemetry is disabled and locked by the embedded mode.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:37017", "TCP address to listen on")
	handler := flag.String("handler", "postgresql", "backend: postgresql or sqlite")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite backend directory URL (with trailing slash)")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL backend URL")
	// Lets the local stack recognise its own process by its command line; otherwise unused.
	_ = flag.String("tag", "", "free text identifying this process (the local stack passes its folder)")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       *handler,
		SQLiteURL:     *sqliteURL,
		PostgreSQLURL: *postgresURL,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "pk-ferretdb:", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	logger.Info("pk-ferretdb listening", "addr", *listen, "handler", *handler)
	if err := f.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "pk-ferretdb:", err)
		os.Exit(1)
	}
}
