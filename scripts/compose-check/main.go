// compose-check loads a Compose file the way `docker compose config` does (compose-go, the
// Compose Specification's loader that Docker Compose v2 is built on) and prints the resolved
// project as JSON; any error (a missing required variable, an unknown key, a bad reference) is
// printed and exits 1. It needs no Docker engine, so CI can check docker/compose.yaml.
//
// Usage: compose-check <compose.yaml> <env-file>
//
// Only the env file is read, not the process's environment: the outcome depends on the files alone.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <compose.yaml> <env-file>")
		os.Exit(2)
	}
	file, envFile := os.Args[1], os.Args[2]
	options, err := cli.NewProjectOptions(
		[]string{file},
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithEnvFiles(envFile),
		cli.WithDotEnv,
		cli.WithResolvedPaths(true),
		cli.WithInterpolation(true),
		cli.WithConsistency(true),
	)
	if err == nil {
		err = printProject(options)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func printProject(options *cli.ProjectOptions) error {
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return err
	}
	out, err := project.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(out, '\n'))
	return err
}
