/* The extended-attribute calls on files with none (what tar --xattrs, cp -a
 * and Python see): results and errno values, paths and descriptors checked
 * first, names after; compared with the same program run natively in /tmp. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>
static void show(const char *w, long r) { printf("%-26s %ld %s\n", w, r, r < 0 ? strerrorname_np(errno) : ""); }
int main(void) {
  char buf[64]; char longname[300]; memset(longname, 'a', sizeof longname); memcpy(longname, "user.", 5); longname[299] = 0;
  int fd = open("xa", O_RDWR | O_CREAT, 0644); symlink("xa", "xl"); symlink("nowhere", "xd");
  show("listxattr", listxattr("xa", buf, sizeof buf));
  show("listxattr NULL 0", listxattr("xa", NULL, 0));
  show("llistxattr dangling", llistxattr("xd", buf, sizeof buf));
  show("listxattr dangling", listxattr("xd", buf, sizeof buf));
  show("listxattr missing", listxattr("nope", buf, sizeof buf));
  show("flistxattr", flistxattr(fd, buf, sizeof buf));
  show("flistxattr bad fd", flistxattr(99, buf, sizeof buf));
  show("getxattr user.x", getxattr("xa", "user.x", buf, sizeof buf));
  show("getxattr missing file", getxattr("nope", "user.x", buf, sizeof buf));
  show("lgetxattr link", lgetxattr("xl", "trusted.x", buf, sizeof buf));
  show("fgetxattr sec", fgetxattr(fd, "security.selinux", buf, sizeof buf));
  show("getxattr bad ns", getxattr("xa", "foo.x", buf, sizeof buf));
  show("getxattr empty", getxattr("xa", "", buf, sizeof buf));
  show("getxattr long", getxattr("xa", longname, buf, sizeof buf));
  show("removexattr user.x", removexattr("xa", "user.x"));
  show("fremovexattr bad fd", fremovexattr(99, "user.x"));
  show("setxattr bad flags", setxattr("xa", "user.x", "v", 1, 4));
  show("setxattr missing file", setxattr("nope", "user.x", "v", 1, 0));
  show("setxattr bad ns", setxattr("xa", "foo.x", "v", 1, 0));
  return 0;
}
