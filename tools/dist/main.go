// Command dist packages a built Postplan for Linux: a .deb (with its
// desktop entry, icons at the hicolor sizes and AppStream metainfo) and a
// .tar.gz of the binary for other distributions. make dist runs it after
// the build; the Windows installer comes from Wails and NSIS beside it.
//
//	go run ./tools/dist -version 0.3.0 -bin build/bin/postplan -out build/dist
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the deb packager
	"github.com/goreleaser/nfpm/v2/files"
	"golang.org/x/image/draw"
)

// appID names the desktop entry and the metainfo, as AppStream asks.
const appID = "app.postplan.Postplan"

// iconSizes are the hicolor sizes desktops look for.
var iconSizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

func main() {
	version := flag.String("version", "", "the version, as `postplan version` prints it")
	bin := flag.String("bin", "build/bin/postplan", "the Linux binary")
	out := flag.String("out", "build/dist", "where the packages go")
	flag.Parse()
	if *version == "" {
		fail(fmt.Errorf("-version is required"))
	}
	if err := run(*version, *bin, *out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "dist:", err)
	os.Exit(1)
}

func run(version, bin, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "postplan-dist-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	contents, err := debContents(version, bin, work)
	if err != nil {
		return err
	}
	deb := filepath.Join(out, fmt.Sprintf("postplan_%s_amd64.deb", debVersion(version)))
	if err := writeDeb(version, contents, deb); err != nil {
		return err
	}
	tgz := filepath.Join(out, fmt.Sprintf("postplan-%s-linux-amd64.tar.gz", version))
	return writeTarball(version, bin, tgz)
}

// debVersion is the version as Debian orders it: an untagged build's
// "0.0.0-abc1234" becomes "0.0.0~abc1234", which sorts before 0.0.0.
func debVersion(v string) string { return strings.Replace(v, "-", "~", 1) }

// debContents lays out what the package installs, writing what is made
// here (icons, the metainfo with this release, the changelog) into work.
func debContents(version, bin, work string) (files.Contents, error) {
	c := files.Contents{
		{Source: bin, Destination: "/usr/bin/postplan", FileInfo: &files.ContentFileInfo{Mode: 0o755}},
		{Source: "build/linux/" + appID + ".desktop", Destination: "/usr/share/applications/" + appID + ".desktop", FileInfo: &files.ContentFileInfo{Mode: 0o644}},
		{Source: "build/linux/copyright", Destination: "/usr/share/doc/postplan/copyright", FileInfo: &files.ContentFileInfo{Mode: 0o644}},
	}
	meta, err := os.ReadFile("build/linux/" + appID + ".metainfo.xml")
	if err != nil {
		return nil, err
	}
	meta = []byte(strings.NewReplacer("@VERSION@", version, "@DATE@", time.Now().UTC().Format(time.DateOnly)).Replace(string(meta)))
	metaPath := filepath.Join(work, appID+".metainfo.xml")
	if err := os.WriteFile(metaPath, meta, 0o644); err != nil {
		return nil, err
	}
	c = append(c, &files.Content{Source: metaPath, Destination: "/usr/share/metainfo/" + appID + ".metainfo.xml", FileInfo: &files.ContentFileInfo{Mode: 0o644}})
	changelog := filepath.Join(work, "changelog.gz")
	if err := writeChangelog(version, changelog); err != nil {
		return nil, err
	}
	c = append(c, &files.Content{Source: changelog, Destination: "/usr/share/doc/postplan/changelog.gz", FileInfo: &files.ContentFileInfo{Mode: 0o644}})
	icons, err := writeIcons("build/appicon.png", work)
	if err != nil {
		return nil, err
	}
	for size, path := range icons {
		c = append(c, &files.Content{Source: path, FileInfo: &files.ContentFileInfo{Mode: 0o644},
			Destination: fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/postplan.png", size, size)})
	}
	return c, nil
}

// writeIcons scales the app icon to each hicolor size.
func writeIcons(src, work string) (map[int]string, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	out := map[int]string{}
	for _, size := range iconSizes {
		dst := image.NewRGBA(image.Rect(0, 0, size, size))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Over, nil)
		var buf bytes.Buffer
		if err := png.Encode(&buf, dst); err != nil {
			return nil, err
		}
		path := filepath.Join(work, fmt.Sprintf("icon-%d.png", size))
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return nil, err
		}
		out[size] = path
	}
	return out, nil
}

// writeChangelog writes the changelog Debian asks a package to carry.
func writeChangelog(version, path string) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.ModTime = time.Time{}
	fmt.Fprintf(zw, "postplan (%s) unstable; urgency=medium\n\n  * Release %s; what changed is in the repository's history.\n\n -- Postplan <postplan@users.noreply.github.com>  %s\n",
		debVersion(version), version, time.Now().UTC().Format(time.RFC1123Z))
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func writeDeb(version string, contents files.Contents, path string) error {
	info := nfpm.WithDefaults(&nfpm.Info{
		Name:        "postplan",
		Arch:        "amd64",
		Platform:    "linux",
		Version:     debVersion(version),
		Section:     "utils",
		Priority:    "optional",
		Maintainer:  "Postplan <postplan@users.noreply.github.com>",
		Vendor:      "Postplan",
		Description: "plan a small team's social-media posts\nPostplan plans social-media posts offline: a calendar of posts with their\nchannels, statuses and campaigns, repeating posts, experiments and the\nteam's rota. Colleagues subscribe to the plan in their calendar apps, and\na manager sees the week at a glance.",
		License:     "proprietary",
		Overridables: nfpm.Overridables{
			// The runtime libraries only: the window needs GTK and WebKitGTK,
			// and the binary the C library; not the -dev packages it was
			// built with.
			Depends:  []string{"libc6 (>= 2.34)", "libgtk-3-0", "libwebkit2gtk-4.1-0"},
			Contents: contents,
		},
	})
	info.VersionSchema = "none"
	if err := info.Validate(); err != nil {
		return err
	}
	packager, err := nfpm.Get("deb")
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := packager.Package(info, f); err != nil {
		f.Close()
		return fmt.Errorf("package %s: %w", path, err)
	}
	return f.Close()
}

// writeTarball writes the binary with the README, for distributions without
// dpkg.
func writeTarball(version, bin, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	dir := "postplan-" + version
	for _, e := range []struct {
		src, name string
		mode      int64
	}{{bin, "postplan", 0o755}, {"README.md", "README.md", 0o644}, {"build/linux/copyright", "COPYRIGHT", 0o644}} {
		b, err := os.ReadFile(e.src)
		if err != nil {
			return err
		}
		hdr := &tar.Header{Name: dir + "/" + e.name, Mode: e.mode, Size: int64(len(b)), ModTime: time.Now().UTC(), Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}
