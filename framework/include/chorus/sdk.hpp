// Everything a plugin author includes.
#pragma once
#include "sdk/stage.hpp"
