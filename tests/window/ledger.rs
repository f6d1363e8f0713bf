//! The 台账 in the window, as a clerk keeps it: 添加讲座… opens the form with the keyboard in
//! 日期, each entry typed key by key (Tab between fields, Enter takes it), Esc leaves it; the
//! rules the ledger feeds show what the entries give and the score equals the numbers typed;
//! Ctrl+Z takes an entry back.

use crate::keyboard::{H, app, key_char};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use kaoping::catalog::Catalog;
use kaoping::scoring::{Fact, RuleOutcome};

fn type_text(h: &mut H, text: &str) {
    for c in text.chars() {
        key_char(h, c);
    }
}

fn press(h: &mut H, key: Key) {
    h.key_press(key);
    h.run();
}

/// One entry through the form: 添加讲座…, then 日期, Tab, 事由, Tab, 参加妇女人数, Enter.
fn add_lecture(h: &mut H, date: &str, title: &str, women: &str) {
    h.get_by_label("添加讲座…").click();
    h.run();
    type_text(h, date);
    press(h, Key::Tab);
    type_text(h, title);
    press(h, Key::Tab);
    type_text(h, women);
    press(h, Key::Enter);
}

fn lectures(h: &H) -> usize {
    h.state()
        .session
        .sheet()
        .ledgers
        .get("lectures")
        .map_or(0, Vec::len)
}

#[test]
fn four_lectures_typed_into_the_ledger_key_by_key_score_as_the_numbers_typed() {
    let mut h = app();
    let item = kaoping::catalog::default_ruleset()
        .ruleset
        .items()
        .position(|(_, i)| i.id == "rights.publicity")
        .unwrap();
    h.state_mut().select(item);
    h.run();
    for (date, title, women) in [
        ("2015-03-08", "城关镇社区普法讲座", "60"),
        ("2015年4月12日", "南江镇社区普法讲座", "55"),
        ("2015-06-01", "安定镇社区普法讲座", "45"),
        ("2015-09-20", "三市镇社区普法讲座", "70"),
    ] {
        add_lecture(&mut h, date, title, women);
    }
    assert_eq!(lectures(&h), 4);
    let entries = &h.state().session.sheet().ledgers["lectures"];
    assert_eq!(entries[1].date, "2015-04-12");
    assert_eq!(entries[2].figures["women"], "45");
    // The rules show what the entries give, not an input.
    assert_eq!(
        h.query_all_by_label("由台账“讲座”计算").count(),
        2,
        "held and small both come from the 讲座"
    );
    let window_rules = h
        .state()
        .session
        .report()
        .item("rights.publicity")
        .unwrap()
        .rules
        .clone();
    let mut typed = kaoping::document::Session::new(None);
    typed.set_fact("rights.publicity", "held", Some(Fact::Number(4.into())));
    typed.set_fact("rights.publicity", "small", Some(Fact::Number(1.into())));
    let typed_rules = typed
        .report()
        .item("rights.publicity")
        .unwrap()
        .rules
        .clone();
    let outcomes = |r: &[kaoping::scoring::RuleResult]| -> Vec<RuleOutcome> {
        r.iter().map(|x| x.outcome.clone()).collect()
    };
    assert_eq!(outcomes(&window_rules), outcomes(&typed_rules));

    // A wrong figure keeps the form open, saying why; Esc leaves it, nothing added.
    h.get_by_label("添加讲座…").click();
    h.run();
    type_text(&mut h, "2015-10-01");
    press(&mut h, Key::Tab);
    type_text(&mut h, "城陵矶社区讲座");
    press(&mut h, Key::Tab);
    type_text(&mut h, "四十");
    press(&mut h, Key::Enter);
    assert!(
        h.query_by_label_contains("参加妇女人数应是整数").is_some(),
        "the form says why"
    );
    assert_eq!(lectures(&h), 4);
    press(&mut h, Key::Escape);
    assert_eq!(lectures(&h), 4);
    assert!(
        h.query_by_label_contains("参加妇女人数应是整数").is_none(),
        "the form is gone"
    );

    // Ctrl+Z takes the last entry back; the small lecture (45) stays counted.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(lectures(&h), 3);
    let _ = Catalog::default();
}

#[test]
fn the_progress_view_shows_the_day_typed_what_is_due_and_the_cheapest_gains() {
    let mut h = app();
    let item = kaoping::catalog::default_ruleset()
        .ruleset
        .items()
        .position(|(_, i)| i.id == "rights.publicity")
        .unwrap();
    h.state_mut().select(item);
    h.run();
    add_lecture(&mut h, "2015-03-08", "城关镇社区普法讲座", "60");
    add_lecture(&mut h, "2015-08-08", "南江镇社区普法讲座", "40");
    h.get_by_label("进度").click();
    h.run();
    // The day, typed key by key over what is there.
    crate::keyboard::focus(&mut h, "截至");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_text(&mut h, "2015-06-30");
    h.get_by_label_contains("全年已过49.59%");
    h.get_by_label_contains(
        "在社区举办家庭律师普法讲座：1场，全年目标5场，按进度此时应有2.5场（落后）",
    );
    h.get_by_label_contains("再有4场在社区举办家庭律师普法讲座可得1.6分");
    // A day that is not one says so, and shows nothing wrong.
    type_text(&mut h, "x");
    h.get_by_label_contains("不是日期");
}
