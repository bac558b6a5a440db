// Administrator self-identification: English and Spanish patterns, accents
// and case folded.
#include <catch2/catch.hpp>

#include "admin_patterns.hpp"

namespace nr = chorus::network_roles;

TEST_CASE("network/roles: admin patterns in English and Spanish", "[network.roles]") {
  nr::AdminMatcher m(nr::default_admin_patterns(), "with.admin_patterns");
  CHECK(
      m.matches("Admin del tren #SigueMeYTeSigo, l\xC3\xAD"
                "der de equipo"));
  CHECK(m.matches("Team leader and admin of the #OpenFollow train"));
  CHECK(m.matches("ADMINISTRADORA de la p\xC3\xA1gina"));
  CHECK(m.matches("Administrador oficial"));
  CHECK(m.matches("Page administrator"));
  CHECK(
      m.matches("L\xC3\x8D"
                "DER DE EQUIPO"));  // LÍDER, upper-case accent
  CHECK(
      m.matches("li\xCC\x81"
                "der del equipo azul"));  // i + combining acute (NFD)
  CHECK(m.matches("Teamleader #1"));
  CHECK(m.matches("jefa de equipo"));
  CHECK(m.matches("one of the admins"));
  CHECK_FALSE(
      m.matches("Administraci\xC3\xB3n p\xC3\xBA"
                "blica"));
  CHECK_FALSE(m.matches("badminton fan"));
  CHECK_FALSE(m.matches("I love my team"));
  CHECK_FALSE(m.matches("leader of the pack"));
  CHECK_FALSE(
      m.matches("l\xC3\xAD"
                "der natural"));
  CHECK_FALSE(m.matches(""));
  CHECK(nr::fold_accents_and_case("\xC3\x91"
                                  "and\xC3\xBA Stra\xC3\x9F"
                                  "e") == "nandu strasse");

  // Custom patterns: accents in the pattern are folded too; the match ignores case.
  nr::AdminMatcher custom({"coordinador",
                           "l\xC3\xAD"
                           "der\\b"},
                          "with.admin_patterns");
  CHECK(custom.matches("COORDINADOR regional"));
  CHECK(custom.matches("Lider nato"));
  CHECK_FALSE(custom.matches("admin"));
  CHECK_FALSE(custom.matches("lideresa"));
}
