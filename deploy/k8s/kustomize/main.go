// The kustomize command line, built from its Go module by deploy/local/install.mjs into
// .local/install/bin/kustomize, so the Kubernetes manifests (deploy/k8s) build offline, in npm test
// and by hand, with the version pinned in go.mod.
package main

import (
	"os"

	"sigs.k8s.io/kustomize/kustomize/v5/commands"
)

func main() {
	if err := commands.NewDefaultCommand().Execute(); err != nil {
		os.Exit(1)
	}
}
